/**
 * Patient / guarantor mismatch (merged or combined records), reconciled by rules the site keeps
 * as data in intake settings, before the event is stored:
 *
 *  - a merged-account map, per EHR: a retired guarantor account → the account that survived the merge (or
 *    null when the record was combined and nobody knows into which: every payment on it goes to review);
 *  - optional account + date-of-birth rules, for accounts that cannot be trusted on their own (a family
 *    account split in two, say): the payment must carry a date of birth in merchant-defined data that
 *    matches one of the account's rules, which may also name the surviving account.
 *
 * A date of birth is never kept: the rules hold a digest of (EHR, account, date), the event keeps only
 * whether it matched. What no rule resolves is refused with `guarantor_mismatch` and goes to quarantine,
 * where an operator releases it with the right account.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EHR_SYSTEMS, type EhrSystem } from '../../../shared/domain';
import { setOwn } from '../../lib/own-property';
import { reject, type IntakeRejection } from '../quarantine-reasons';
import { fieldKey } from './custom-fields';

const account = z.string().trim().min(1).max(100);
const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a date-of-birth digest is 64 hex digits');

export const MergedAccount = z
  .object({
    ehr: z.enum(EHR_SYSTEMS),
    /** The retired account, as payers still send it. */
    from: account,
    /** The surviving account; null: combined into an unknown record, so every payment on it is reviewed. */
    to: account.nullable(),
  })
  .strict();

/**
 * Settings take either the date of birth (turned into its digest here, so it is never saved) or the digest
 * itself (what is saved, read back on load).
 */
export const DateOfBirthRule = z
  .object({
    ehr: z.enum(EHR_SYSTEMS),
    account,
    dateOfBirth: z.string().trim().max(30).optional(),
    dobDigest: digest.optional(),
    /** When set, a matching payment is posted to this account instead. */
    survivingAccount: account.optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.dateOfBirth === undefined) === (rule.dobDigest === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give either dateOfBirth or dobDigest',
        path: ['dateOfBirth'],
      });
    } else if (rule.dateOfBirth !== undefined && normalizeDateOfBirth(rule.dateOfBirth) === null) {
      ctx.addIssue({ code: 'custom', message: 'not a date of birth', path: ['dateOfBirth'] });
    }
  })
  .transform(({ dateOfBirth, dobDigest, ...rule }) => ({
    ...rule,
    dobDigest:
      dobDigest ?? dobDigestOf(rule.ehr, rule.account, normalizeDateOfBirth(dateOfBirth ?? '') ?? ''),
  }));

export const GuarantorRules = z
  .object({
    mergedAccounts: z.array(MergedAccount).max(50_000).default([]),
    dateOfBirth: z
      .object({
        /** The merchant-defined data key (or report column) carrying the payer's date of birth. */
        field: z.string().trim().min(1).max(100),
        rules: z.array(DateOfBirthRule).max(50_000).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();
export type GuarantorRules = z.output<typeof GuarantorRules>;

export const NO_GUARANTOR_RULES: GuarantorRules = { mergedAccounts: [] };

/** Follows merged accounts at most this far (A → B → C…); longer chains are treated as a loop. */
const MAX_MERGE_HOPS = 10;

const accountKey = (ehr: EhrSystem, acct: string) => `${ehr}\u0000${acct.trim().toUpperCase()}`;

/** The digest a rule keeps instead of the date of birth; accounts compare ignoring case and spaces. */
export function dobDigestOf(ehr: EhrSystem, acct: string, isoDate: string): string {
  return createHash('sha256')
    .update(`clearpost:dob:v1\n${ehr}\n${acct.trim().toUpperCase()}\n${isoDate}`, 'utf8')
    .digest('hex');
}

/** YYYY-MM-DD from the spellings processors and sites use (ISO, YYYYMMDD, US MM/DD/YYYY), or null. */
export function normalizeDateOfBirth(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  let [y, mo, d] = m ? [m[1], m[2], m[3]] : [undefined, undefined, undefined];
  if (!m) {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (!m) return null;
    [mo, d, y] = [m[1]?.padStart(2, '0'), m[2]?.padStart(2, '0'), m[3]];
  }
  const iso = `${y ?? ''}-${mo ?? ''}-${d ?? ''}`;
  const at = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(at) || !new Date(at).toISOString().startsWith(iso)) return null;
  return iso;
}

/** A payment's date of birth as read for the rules: absent, or present and readable (or not). */
export type DobReading =
  { readonly present: false } | { readonly present: true; readonly date: string | null };

/**
 * Takes the date-of-birth field out of an inbound record (merchant-defined data, a report row), so that the
 * site's custom-field rules cannot copy it into the event's extras, and reads it for the rules.
 */
export function takeDateOfBirth(
  record: Readonly<Record<string, unknown>>,
  rules: GuarantorRules,
): { dob: DobReading; rest: Record<string, unknown> } {
  const field = rules.dateOfBirth?.field;
  if (field === undefined) return { dob: { present: false }, rest: { ...record } };
  const wanted = fieldKey(field);
  const rest: Record<string, unknown> = {};
  let dob: DobReading = { present: false };
  for (const [key, value] of Object.entries(record)) {
    if (fieldKey(key) !== wanted) {
      setOwn(rest, key, value);
      continue;
    }
    if (typeof value === 'string' && value.trim() !== '') {
      dob = { present: true, date: normalizeDateOfBirth(value) };
    }
  }
  return { dob, rest };
}

/** The fields intake reads for the rules but never keeps (see withhold-fields.ts). */
export function withheldFieldsOf(rules: GuarantorRules | undefined): readonly string[] {
  const field = rules?.dateOfBirth?.field;
  return field === undefined ? [] : [field];
}

interface Compiled {
  readonly merged: ReadonlyMap<string, string | null>;
  readonly dob: ReadonlyMap<string, readonly { dobDigest: string; survivingAccount?: string | undefined }[]>;
}

// Imports map a million rows with one rule set: index it once per rule set, not once per row.
const compiledRules = new WeakMap<GuarantorRules, Compiled>();

function compile(rules: GuarantorRules): Compiled {
  let c = compiledRules.get(rules);
  if (c) return c;
  const merged = new Map<string, string | null>();
  for (const m of rules.mergedAccounts) merged.set(accountKey(m.ehr, m.from), m.to);
  const dob = new Map<string, { dobDigest: string; survivingAccount?: string | undefined }[]>();
  for (const r of rules.dateOfBirth?.rules ?? []) {
    const key = accountKey(r.ehr, r.account);
    dob.set(key, [...(dob.get(key) ?? []), r]);
  }
  c = { merged, dob };
  compiledRules.set(rules, c);
  return c;
}

export type GuarantorRuleName = 'account_dob' | 'merged_account';

export type GuarantorResolution =
  | {
      readonly ok: true;
      readonly account: string | null;
      /** The rules that changed or confirmed the account, in the order they applied. */
      readonly applied: readonly GuarantorRuleName[];
      /** Set when an account + date-of-birth rule was consulted: the only trace of the date kept. */
      readonly dobMatched?: boolean;
    }
  | { readonly ok: false; readonly rejection: IntakeRejection };

const mismatch = (detail: string) => ({
  ok: false as const,
  rejection: reject('guarantor_mismatch', detail),
});

/** Resolves the payment's guarantor account by the rules. Reasons never quote the account or the date. */
export function resolveGuarantor(
  ehr: EhrSystem,
  original: string | null,
  dob: DobReading,
  rules: GuarantorRules,
): GuarantorResolution {
  if (original === null || original.trim() === '') return { ok: true, account: original, applied: [] };
  const { merged, dob: dobRules } = compile(rules);
  let acct = original;
  const applied: GuarantorRuleName[] = [];
  let dobMatched: boolean | undefined;

  const candidates = dobRules.get(accountKey(ehr, acct));
  if (candidates) {
    if (!dob.present)
      return mismatch('The account needs a matching date of birth, and the payment carries none.');
    const digestOfPayment = dob.date === null ? null : dobDigestOf(ehr, acct, dob.date);
    const hit = candidates.find((r) => r.dobDigest === digestOfPayment);
    if (!hit)
      return mismatch("The payment's date of birth does not match any rule for its guarantor account.");
    dobMatched = true;
    applied.push('account_dob');
    if (hit.survivingAccount !== undefined) acct = hit.survivingAccount;
  }

  const seen = new Set<string>();
  for (let key = accountKey(ehr, acct); merged.has(key); key = accountKey(ehr, acct)) {
    const to = merged.get(key) ?? null;
    if (to === null) {
      return mismatch(
        'The account was combined into another record, and the merged-account map does not say which.',
      );
    }
    if (seen.has(key) || seen.size >= MAX_MERGE_HOPS) {
      return mismatch('The merged-account map loops back on itself for this account.');
    }
    seen.add(key);
    acct = to;
    if (!applied.includes('merged_account')) applied.push('merged_account');
  }
  return { ok: true, account: acct, applied, ...(dobMatched !== undefined ? { dobMatched } : {}) };
}
