/**
 * Commands of intake's rules: custom-field rules, the default facility and EHR, the amount ceiling, merged
 * accounts and account + date-of-birth rules (the dates never leave main).
 */
import { z } from 'zod';
import { EHR_SYSTEMS, type EhrSystem } from '../domain';
import { CustomFieldRules } from '../generic-mapping';
import { command, none, siteValue } from './define';

/** One custom-field rule: a source field (merchant-defined data key, report column) → a target field. */
export type FieldRuleDoc = {
  readonly source: string;
  readonly target: string;
  readonly transforms: readonly string[];
  /** A lookup applied last ("CERNER" → "oracle_health"). */
  readonly map?: Readonly<Record<string, string>>;
};

export type MergedAccountDoc = {
  readonly ehr: EhrSystem;
  readonly from: string;
  /** null: combined into an unknown record, every payment on it goes to review. */
  readonly to: string | null;
};

/**
 * An account + date-of-birth rule as the console sees it. The date of birth is never sent back, nor its
 * digest (a digest of a date is guessed in seconds): `ref` stands for the stored digest while this
 * Clearpost runs, and is sent back to keep it.
 */
export type DateOfBirthRuleView = {
  readonly ehr: EhrSystem;
  readonly account: string;
  readonly survivingAccount: string | null;
  readonly ref: string;
};

/** A date-of-birth rule to save: `ref` keeps the stored date, `dateOfBirth` sets a new one. */
export type DateOfBirthRuleDraft = {
  readonly ehr: EhrSystem;
  readonly account: string;
  readonly survivingAccount?: string;
  readonly ref?: string;
  readonly dateOfBirth?: string;
};

export interface IntakeRulesView {
  readonly fieldRules: readonly FieldRuleDoc[];
  /** No rules are saved: these are Clearpost's defaults. */
  readonly fieldRulesAreDefaults: boolean;
  readonly defaultFacility: string | null;
  readonly defaultEhr: EhrSystem | null;
  /** Inputs above this amount (minor units) are quarantined; null: Clearpost's default ceiling. */
  readonly amountCeilingMinor: number | null;
  readonly mergedAccounts: readonly MergedAccountDoc[];
  /** Null: no account needs a date of birth. */
  readonly dateOfBirth: {
    /** The merchant-defined data key (or report column) carrying the payer's date of birth. */
    readonly field: string;
    readonly rules: readonly DateOfBirthRuleView[];
  } | null;
  /** What the editor offers. */
  readonly transforms: readonly string[];
  readonly canonicalTargets: readonly string[];
}

/** The rules to save, the whole set: what is left out is removed (field rules left out: the defaults). */
export type IntakeRulesDraft = {
  readonly fieldRules?: readonly FieldRuleDoc[];
  readonly defaultFacility?: string | null;
  readonly defaultEhr?: EhrSystem | null;
  /** Minor units; left out: Clearpost's default ceiling. */
  readonly amountCeilingMinor?: number;
  readonly guarantorRules?: {
    readonly mergedAccounts?: readonly MergedAccountDoc[];
    readonly dateOfBirth?: { readonly field: string; readonly rules?: readonly DateOfBirthRuleDraft[] };
  };
};

const account = z.string().trim().min(1).max(100);

/**
 * The rules a save's document (`IntakeRulesDraft`) is judged by: by the console, to show them under each
 * field before sending, and by main's `intake.rules.save`, so what one refuses the other refuses. Main then
 * turns the document into its stored settings and judges those with their own schema
 * (main/intake/intake-config.ts: the same `CustomFieldRules`, the same limits) and what only it knows (a
 * kept date's `ref`, a date of birth's format), refusing by the same paths.
 */
export const intakeRulesDraftRules = z
  .object({
    fieldRules: CustomFieldRules.optional(),
    defaultFacility: siteValue.nullable().optional(),
    defaultEhr: z.enum(EHR_SYSTEMS).nullable().optional(),
    amountCeilingMinor: z.number().int().min(1).optional(),
    guarantorRules: z
      .object({
        mergedAccounts: z
          .array(z.object({ ehr: z.enum(EHR_SYSTEMS), from: account, to: account.nullable() }).strict())
          .max(50_000)
          .optional(),
        dateOfBirth: z
          .object({
            field: z.string().trim().min(1).max(100),
            rules: z
              .array(
                z
                  .object({
                    ehr: z.enum(EHR_SYSTEMS),
                    account,
                    survivingAccount: account.optional(),
                    ref: z.string().min(1).optional(),
                    dateOfBirth: z.string().trim().min(1).max(30).optional(),
                  })
                  .strict()
                  // A new rule needs its date; a stored one is kept by its ref (main's words for both).
                  .refine((r) => r.dateOfBirth !== undefined || r.ref !== undefined, {
                    message: 'Type the date of birth for this account',
                    path: ['dateOfBirth'],
                  }),
              )
              .max(50_000)
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const INTAKE_RULES_COMMANDS = {
  'intake.rules.get': command<IntakeRulesView>()(
    'Intake rules: custom-field rules, default facility and EHR, merged accounts, account + date-of-birth rules (never the dates).',
    none,
  ),
  'intake.rules.save': command<IntakeRulesView>()(
    'Validates and saves the intake rules as a whole; refuses them with every problem named. Intake uses them from the next input.',
    z.object({ rules: z.record(z.string(), z.unknown()) }).strict(),
  ),
} as const;
