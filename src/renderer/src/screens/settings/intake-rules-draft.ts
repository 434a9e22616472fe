/**
 * Intake rules as the settings form edits them: rows of text. Dates of birth are write-only: a stored one
 * is kept by its `ref` (main never sends the date back) and replaced by typing a new one.
 */
import type { IntakeRulesDraft, IntakeRulesView } from '../../../../shared/commands/intake-rules';
import type { EhrSystem } from '../../../../shared/domain';

export interface FieldRuleRow {
  source: string;
  target: string;
  /** Transforms applied in order, joined with '+' ('' for none). */
  transforms: string;
  map?: Readonly<Record<string, string>>;
}

export interface MergedRow {
  ehr: EhrSystem;
  from: string;
  /** '' : combined into an unknown record (every payment on it is reviewed). */
  to: string;
}

export interface DobRow {
  ehr: EhrSystem;
  account: string;
  survivingAccount: string;
  /** Stands for the stored date; null for a new rule. */
  ref: string | null;
  /** Typed here; '' keeps the stored date. */
  dateOfBirth: string;
}

export interface RulesDraft {
  /** The defaults are in use and were not edited: saving leaves them as Clearpost's defaults. */
  fieldRulesDefault: boolean;
  fieldRules: FieldRuleRow[];
  defaultFacility: string;
  defaultEhr: EhrSystem | '';
  /** Kept as saved (set through intake.rules.save); the console does not edit it yet. */
  amountCeilingMinor: number | null;
  mergedAccounts: MergedRow[];
  dobEnabled: boolean;
  dobField: string;
  dobRules: DobRow[];
}

export const TRANSFORM_SEPARATOR = '+';

export function toDraft(view: IntakeRulesView): RulesDraft {
  return {
    fieldRulesDefault: view.fieldRulesAreDefaults,
    fieldRules: view.fieldRules.map((r) => ({
      source: r.source,
      target: r.target,
      transforms: r.transforms.join(TRANSFORM_SEPARATOR),
      ...(r.map ? { map: r.map } : {}),
    })),
    defaultFacility: view.defaultFacility ?? '',
    defaultEhr: view.defaultEhr ?? '',
    amountCeilingMinor: view.amountCeilingMinor,
    mergedAccounts: view.mergedAccounts.map((m) => ({ ehr: m.ehr, from: m.from, to: m.to ?? '' })),
    dobEnabled: view.dateOfBirth !== null,
    dobField: view.dateOfBirth?.field ?? '',
    dobRules: (view.dateOfBirth?.rules ?? []).map((r) => ({
      ehr: r.ehr,
      account: r.account,
      survivingAccount: r.survivingAccount ?? '',
      ref: r.ref,
      dateOfBirth: '',
    })),
  };
}

export function fromDraft(draft: RulesDraft): IntakeRulesDraft {
  return {
    ...(draft.fieldRulesDefault
      ? {}
      : {
          fieldRules: draft.fieldRules.map((r) => ({
            source: r.source.trim(),
            target: r.target.trim(),
            transforms: r.transforms ? r.transforms.split(TRANSFORM_SEPARATOR) : [],
            ...(r.map ? { map: r.map } : {}),
          })),
        }),
    defaultFacility: draft.defaultFacility.trim() || null,
    defaultEhr: draft.defaultEhr || null,
    ...(draft.amountCeilingMinor === null ? {} : { amountCeilingMinor: draft.amountCeilingMinor }),
    guarantorRules: {
      mergedAccounts: draft.mergedAccounts.map((m) => ({
        ehr: m.ehr,
        from: m.from.trim(),
        to: m.to.trim() || null,
      })),
      ...(draft.dobEnabled
        ? {
            dateOfBirth: {
              field: draft.dobField.trim(),
              rules: draft.dobRules.map((r) => ({
                ehr: r.ehr,
                account: r.account.trim(),
                ...(r.survivingAccount.trim() ? { survivingAccount: r.survivingAccount.trim() } : {}),
                ...(r.dateOfBirth.trim()
                  ? { dateOfBirth: r.dateOfBirth.trim() }
                  : r.ref
                    ? { ref: r.ref }
                    : {}),
              })),
            },
          }
        : {}),
    },
  };
}
