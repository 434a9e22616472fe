/**
 * Intake rules as the console sees and sends them. Dates of birth go one way only: typed in, turned into a
 * digest on save (guarantor-rules.ts), never sent back. The digest is not sent back either, because a digest
 * of a date for a known account is reversed by trying every date: each stored rule is shown with a `ref`, an
 * HMAC of its digest under a key that lives only in this process, and a draft keeps a stored date by
 * sending its ref back.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DateOfBirthRuleView, FieldRuleDoc, IntakeRulesView } from '../../shared/commands/intake-rules';
import { CANONICAL_TARGETS, TRANSFORMS } from './canonical/custom-fields';
import { DEFAULT_FIELD_RULES } from './cybersource/webhook-config';
import type { IntakeSettingsValue } from './intake-config';

export interface RuleIssue {
  readonly path: string;
  readonly message: string;
}

export interface DobRefs {
  refOf(dobDigest: string): string;
}

export function createDobRefs(key: Buffer = randomBytes(32)): DobRefs {
  return { refOf: (dobDigest) => createHmac('sha256', key).update(dobDigest).digest('hex').slice(0, 32) };
}

const fieldRuleDoc = (rule: FieldRuleDoc): FieldRuleDoc => ({
  source: rule.source,
  target: rule.target,
  transforms: [...rule.transforms],
  ...(rule.map !== undefined ? { map: { ...rule.map } } : {}),
});

export function intakeRulesView(settings: IntakeSettingsValue, refs: DobRefs): IntakeRulesView {
  const guarantor = settings.guarantorRules;
  const dob = guarantor?.dateOfBirth;
  return {
    fieldRules: (settings.fieldRules ?? DEFAULT_FIELD_RULES).map(fieldRuleDoc),
    fieldRulesAreDefaults: settings.fieldRules === undefined,
    defaultFacility: settings.defaultFacility ?? null,
    defaultEhr: settings.defaultEhr ?? null,
    amountCeilingMinor: settings.amountCeilingMinor ?? null,
    mergedAccounts: (guarantor?.mergedAccounts ?? []).map(({ ehr, from, to }) => ({ ehr, from, to })),
    dateOfBirth: dob
      ? {
          field: dob.field,
          rules: dob.rules.map((rule): DateOfBirthRuleView => ({
            ehr: rule.ehr,
            account: rule.account,
            survivingAccount: rule.survivingAccount ?? null,
            ref: refs.refOf(rule.dobDigest),
          })),
        }
      : null,
    transforms: [...TRANSFORMS],
    canonicalTargets: [...CANONICAL_TARGETS],
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sameAccount = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * Turns the console's draft into input for IntakeSettings: each date-of-birth rule's `ref` becomes the
 * stored digest it stands for. Problems a ref cannot fix (an unknown ref, a digest sent by the console, a
 * kept date whose account changed) are returned with their paths; everything else is left to the schema.
 */
export function settingsInputFromDraft(
  draft: Readonly<Record<string, unknown>>,
  stored: IntakeSettingsValue,
  refs: DobRefs,
): { input: Record<string, unknown>; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const input: Record<string, unknown> = { ...draft };
  const guarantor = draft.guarantorRules;
  if (!isRecord(guarantor) || !isRecord(guarantor.dateOfBirth)) return { input, issues };
  const dob = guarantor.dateOfBirth;
  if (!Array.isArray(dob.rules)) return { input, issues };

  const byRef = new Map(
    (stored.guarantorRules?.dateOfBirth?.rules ?? []).map((rule) => [refs.refOf(rule.dobDigest), rule]),
  );
  const rules = dob.rules.map((rule: unknown, i) => {
    const at = `guarantorRules.dateOfBirth.rules.${String(i)}`;
    if (!isRecord(rule)) return rule;
    const { ref, dobDigest, dateOfBirth, survivingAccount, ...rest } = rule;
    const out: Record<string, unknown> = { ...rest };
    if (survivingAccount !== null && survivingAccount !== undefined && survivingAccount !== '') {
      out.survivingAccount = survivingAccount;
    }
    if (dobDigest !== undefined) {
      issues.push({ path: `${at}.dobDigest`, message: 'Type the date of birth; Clearpost keeps its digest' });
    }
    if (typeof dateOfBirth === 'string' && dateOfBirth.trim() !== '') {
      out.dateOfBirth = dateOfBirth;
      return out;
    }
    if (ref === undefined || ref === null || ref === '') {
      issues.push({ path: `${at}.dateOfBirth`, message: 'Type the date of birth for this account' });
      return out;
    }
    const kept = typeof ref === 'string' ? byRef.get(ref) : undefined;
    if (!kept) {
      issues.push({
        path: `${at}.dateOfBirth`,
        message: 'The stored date of birth changed since this page loaded; reload, or type it again',
      });
      return out;
    }
    // The digest binds the EHR and the account: moving a kept date to another account would never match.
    if (out.ehr !== kept.ehr || typeof out.account !== 'string' || !sameAccount(out.account, kept.account)) {
      issues.push({
        path: `${at}.dateOfBirth`,
        message: 'The account or EHR changed: type the date of birth again',
      });
      return out;
    }
    out.dobDigest = kept.dobDigest;
    return out;
  });
  input.guarantorRules = { ...guarantor, dateOfBirth: { ...dob, rules } };
  return { input, issues };
}

/** Zod issues as the console shows them: a dotted path below the rules, and the message. */
export function describeRuleIssues(error: z.ZodError): RuleIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(rules)',
    // The schema speaks of `dobDigest` to main's callers; the console only ever types the date.
    message:
      issue.message === 'give either dateOfBirth or dobDigest' ? 'Type the date of birth' : issue.message,
  }));
}
