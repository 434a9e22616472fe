/**
 * What the report formats share: the facts read from one row, turned into a canonical event with the same
 * rules as webhooks (amount precision, sign, facility and EHR, custom fields, merchant reference).
 */
import type { EventSource, Tender } from '../../../shared/domain';
import { dayWindow } from '../../lib/time-zone';
import type { NewPaymentEvent } from '../../store/repositories/events';
import { readAmount } from '../canonical/amount';
import { normalizeCardBrand } from '../canonical/card-brand';
import { applyGuarantorRules } from '../canonical/apply-guarantor-rules';
import { applyCustomFieldRules } from '../canonical/custom-fields';
import { parseProcessorDate } from '../canonical/dates';
import { NO_GUARANTOR_RULES, takeDateOfBirth } from '../canonical/guarantor-rules';
import { enrichMerchantRef, parseMerchantRef } from '../canonical/merchant-ref';
import { resolveSiteFields } from '../canonical/site-fields';
import { describeReasonCode, normalizeReasonCode } from '../cybersource/reason-codes';
import type { CybersourceIntakeConfig } from '../cybersource/webhook-config';
import type { MapOutcome } from '../ingest';
import { reject } from '../quarantine-reasons';

export interface RowContext {
  readonly source: EventSource;
  readonly config: CybersourceIntakeConfig;
  /** Facility → IANA time zone; without it a date-only value is read as UTC (the report does not say). */
  readonly zoneFor?: (facility: string) => string;
}

/** "2026-12-06" or "12/06/2026": a calendar date with no time, i.e. a business date, not an instant. */
const DATE_ONLY = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\s*$/;

/**
 * When a row happened. A timestamp keeps its own zone. A date alone (`batch_date 2026-12-06`) is the
 * facility's business date (report dates are local business dates, not UTC midnights), so it
 * is placed at the start of that day in the facility's zone: a Chicago row of 2026-12-06 lands in Chicago's
 * 2026-12-06, where UTC midnight would put it in the 5th.
 */
export function rowInstant(
  text: string | undefined,
  facility: string,
  zoneFor: ((facility: string) => string) | undefined,
): number | null {
  const parsed = parseProcessorDate(text);
  if (!parsed) return null;
  if (!zoneFor || text === undefined || !DATE_ONLY.test(text)) return parsed.at;
  return dayWindow(parsed.date, zoneFor(facility)).start;
}

export interface RowFacts {
  readonly txnId: string | undefined;
  /** `by_sign`: negative is a refund, positive a payment. */
  readonly money: 'payment' | 'refund' | 'void' | 'by_sign';
  /** Refunds must be negative (Payment Batch Detail writes them so); otherwise the sign is free for refunds. */
  readonly refundsNegative: boolean;
  readonly amount: string | undefined;
  readonly currency: string | undefined;
  readonly date: string | undefined;
  readonly merchantRef?: string | undefined;
  readonly paymentMethod?: string | undefined;
  readonly tender?: Tender | undefined;
  readonly cardBrand?: string | undefined;
  readonly cardLast4?: string | undefined;
  readonly processorStatus?: string | null;
  readonly reasonCode?: string | null;
  readonly declined: boolean;
  /** Explicit site columns (generic mappings); merchant-defined rules fill what these leave out. */
  readonly site?: Partial<
    Record<'guarantorAccount' | 'encounterId' | 'facility' | 'ehr', string | undefined>
  >;
  readonly extras: Record<string, unknown>;
  /** The whole (redacted) row, for the site's custom-field rules. */
  readonly row: Readonly<Record<string, unknown>>;
}

export function tenderOf(method: string | undefined): { tender: Tender; cardBrand: string | null } {
  const brand = normalizeCardBrand(method);
  if (brand) return { tender: 'card', cardBrand: brand };
  const m = method?.toLowerCase() ?? '';
  if (/e-?check|ach|bank|eft/.test(m)) return { tender: 'echeck', cardBrand: null };
  if (/check|cheque/.test(m)) return { tender: 'manual_check', cardBrand: null };
  if (m.includes('cash')) return { tender: 'cash', cardBrand: null };
  if (m.includes('paypal')) return { tender: 'paypal', cardBrand: null };
  return { tender: 'card', cardBrand: null };
}

export function buildRowEvent(facts: RowFacts, ctx: RowContext): MapOutcome {
  if (!facts.txnId) return { ok: false, rejection: reject('missing_field', 'The transaction id is empty.') };
  const amount = readAmount(facts.amount, facts.currency);
  if (!amount.ok) return amount;
  if (amount.amountMinor === 0) return { ok: false, rejection: reject('zero_amount') };
  const negative = amount.amountMinor < 0;
  const money = facts.money === 'by_sign' ? (negative ? 'refund' : 'payment') : facts.money;
  if ((money === 'payment' && negative) || (money === 'refund' && facts.refundsNegative && !negative)) {
    return { ok: false, rejection: reject('amount_sign_mismatch') };
  }
  if (!parseProcessorDate(facts.date)) return { ok: false, rejection: reject('invalid_date') };

  const guarantorRules = ctx.config.guarantorRules ?? NO_GUARANTOR_RULES;
  // The date of birth is read for the guarantor rules only; custom-field rules never see it.
  const { dob, rest } = takeDateOfBirth(facts.row, guarantorRules);
  const fields = applyCustomFieldRules(rest, ctx.config.fieldRules);
  const ref = parseMerchantRef(facts.merchantRef);
  const explicit = Object.fromEntries(
    Object.entries<string | undefined>(facts.site ?? {}).filter(([, v]) => v !== undefined && v !== ''),
  );
  const canonical = {
    ...fields.canonical,
    ...(ref.encounterId && !fields.canonical.encounterId ? { encounterId: ref.encounterId } : {}),
    ...(ref.claimId && !fields.canonical.claimId ? { claimId: ref.claimId } : {}),
    ...explicit,
  };
  const site = resolveSiteFields(canonical, ctx.config);
  if (!site.ok) return site;

  const transactionAt = rowInstant(facts.date, site.site.facility, ctx.zoneFor);
  if (transactionAt === null) return { ok: false, rejection: reject('invalid_date') };
  const method = tenderOf(facts.paymentMethod);
  const tender = facts.tender ?? method.tender;
  const kind = money === 'payment' ? (site.site.paymentPlanId ? 'payment_plan' : 'one_time_payment') : money;
  const reasonCode = facts.reasonCode ? normalizeReasonCode(facts.reasonCode) : null;
  const last4 = facts.cardLast4?.replace(/\D/g, '').slice(-4);
  const extras: Record<string, unknown> = { ...fields.extras, ...facts.extras };
  if (site.site.claimId) extras.claimId = site.site.claimId;
  if (site.site.paymentPlanId) extras.paymentPlanId = site.site.paymentPlanId;
  if (facts.declined || (reasonCode !== null && reasonCode !== '100'))
    extras.reasonText = describeReasonCode(reasonCode);
  if (fields.problems.length > 0) extras.mappingProblems = fields.problems;
  // A declined row is recorded as DECLINED whatever the report called it (Decision REJECT, ERROR, a decline
  // reason code), so routing records it as declined: never posted, never work in the exception queue.
  if (facts.declined && facts.processorStatus) extras.processorDecision = facts.processorStatus;
  const processorStatus = facts.declined ? 'DECLINED' : (facts.processorStatus ?? null);

  const event: NewPaymentEvent = {
    source: ctx.source,
    processorTxnId: facts.txnId,
    kind,
    tender,
    amountMinor: Math.abs(amount.amountMinor),
    currency: amount.currency,
    ehr: site.site.ehr,
    facility: site.site.facility,
    guarantorAccount: site.site.guarantorAccount,
    encounterId: site.site.encounterId,
    merchantRef: enrichMerchantRef(facts.merchantRef, site.site),
    cardBrand: tender === 'card' ? (normalizeCardBrand(facts.cardBrand) ?? method.cardBrand) : null,
    cardLast4: tender === 'card' && last4 && last4.length === 4 ? last4 : null,
    processorStatus,
    reasonCode,
    transactionAt,
    effectiveDate: null,
    extras,
  };
  return applyGuarantorRules(
    { ok: true, event, disposition: facts.declined ? 'declined' : 'post' },
    dob,
    guarantorRules,
  );
}
