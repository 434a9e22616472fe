/**
 * A Cybersource webhook envelope (already redacted by the card guard) to a canonical payment event.
 * Every refusal says why in the operator's words; the caller quarantines it.
 */
import type { EventKind, EventSource } from '../../../shared/domain';
import type { NewPaymentEvent } from '../../store/repositories/events';
import { readAmount } from '../canonical/amount';
import { applyGuarantorRules } from '../canonical/apply-guarantor-rules';
import { applyCustomFieldRules } from '../canonical/custom-fields';
import { parseProcessorDate } from '../canonical/dates';
import { NO_GUARANTOR_RULES, takeDateOfBirth } from '../canonical/guarantor-rules';
import { enrichMerchantRef } from '../canonical/merchant-ref';
import { resolveSiteFields } from '../canonical/site-fields';
import { summarizeIssues } from '../event-schema';
import type { MapOutcome } from '../ingest';
import { setOwn } from '../../lib/own-property';
import { reject } from '../quarantine-reasons';
import { PaymentPayload, WebhookEnvelope } from './envelope';
import type { EventTypeMeaning, Outcome } from './event-catalogue';
import { classifyEventType } from './event-types';
import { locatePlainResource } from './payload-shape';
import { signedKind } from './signed-kind';
import { readPaymentMethod } from './payment-method';
import { describeReasonCode, normalizeReasonCode } from './reason-codes';
import { classifyStatus, isPartialApproval } from './statuses';
import type { CybersourceIntakeConfig } from './webhook-config';

export interface WebhookMapOptions {
  readonly source: EventSource;
  /** `v-c-event-type`, used when the envelope does not name its event. */
  readonly headerEventType: string | null;
  readonly config: CybersourceIntakeConfig;
  /**
   * Kinds already stored for a processor transaction id. A transaction id belongs to one kind only: a
   * second kind for the same id is refused (kind_conflict), the first event untouched.
   */
  readonly existingKinds?: (processorTxnId: string) => readonly EventKind[];
}

type Rejection = Extract<MapOutcome, { ok: false }>;
const refuse = (...args: Parameters<typeof reject>): Rejection => ({ ok: false, rejection: reject(...args) });

/**
 * The claim of the event name checked against the signed resource: the money kind must agree, and a
 * declined outcome must be what the signed status says. Returns the meaning to act on, or the refusal.
 */
function crossCheck(
  claimed: EventTypeMeaning | null,
  resource: unknown,
): { readonly meaning: EventTypeMeaning } | Rejection {
  const signed = signedKind(resource);
  if (signed === null) {
    // An informational event moves no money whatever it is: nothing to trust the name for.
    if (claimed?.money === 'none') return { meaning: claimed };
    return refuse('kind_unsigned');
  }
  const signedMeaning: EventTypeMeaning =
    signed.kind === 'authorization' || signed.kind === 'reversal'
      ? { money: 'none', about: signed.kind }
      : { money: signed.kind, outcome: 'by_status' };
  if (claimed === null) return { meaning: signedMeaning };
  if (claimed.money !== signedMeaning.money)
    return refuse(
      'kind_mismatch',
      `The event type says ${claimed.money === 'none' ? claimed.about : claimed.money}; the signed ${signed.evidence} says ${signed.kind}.`,
    );
  return { meaning: claimed };
}

function signedDeclined(p: PaymentPayload): boolean {
  const status = classifyStatus(p.status);
  if (status === 'declined') return true;
  return (p.status === undefined || p.status.trim() === '') && Boolean(p.errorInformation?.reason);
}

function amountFields(p: PaymentPayload): { amount: unknown; currency: unknown } {
  const details = p.orderInformation?.amountDetails;
  const amount =
    details?.totalAmount ??
    details?.authorizedAmount ??
    p.refundAmountDetails?.refundAmount ??
    p.creditAmountDetails?.creditAmount ??
    p.voidAmountDetails?.voidAmount;
  const currency =
    details?.currency ??
    p.refundAmountDetails?.currency ??
    p.creditAmountDetails?.currency ??
    p.voidAmountDetails?.currency;
  return { amount, currency };
}

export function mapWebhookEnvelope(input: unknown, options: WebhookMapOptions): MapOutcome {
  const envelope = WebhookEnvelope.safeParse(input);
  if (!envelope.success)
    return { ok: false, rejection: reject('invalid_payload', summarizeIssues(envelope.error)) };
  const eventType = envelope.data.eventType ?? options.headerEventType ?? '';
  const claimed = eventType.trim() === '' ? null : classifyEventType(eventType);
  if (eventType.trim() !== '' && claimed === null) return refuse('unknown_event_type');
  const resource = locatePlainResource(envelope.data.payload);
  const checked = crossCheck(claimed, resource);
  if ('ok' in checked) return checked;
  const meaning = checked.meaning;
  if (meaning.money === 'none') return refuse('not_a_payment');

  const payload = PaymentPayload.safeParse(resource);
  if (!payload.success) return refuse('invalid_payload', summarizeIssues(payload.error));
  const p = payload.data;

  const declinedBySignature = signedDeclined(p);
  const outcome: Outcome = meaning.outcome;
  // A declined record is never posted, and its (id, kind) then blocks the accepted one: so "declined" must
  // be what the signed status says, never only the unsigned name (and the other way round).
  if (outcome === 'rejected' && !declinedBySignature)
    return refuse('kind_mismatch', 'The event type says declined; the signed status does not.');
  if (outcome === 'accepted' && declinedBySignature)
    return refuse('kind_mismatch', 'The event type says accepted; the signed status says declined.');
  const statusClass =
    outcome === 'review' ? 'review' : declinedBySignature ? 'declined' : classifyStatus(p.status);
  if (statusClass === null) return refuse('unknown_status');
  if (statusClass === 'review') return refuse('processor_review');
  if (statusClass === 'none') return refuse('not_a_payment');

  const fields = amountFields(p);
  const amount = readAmount(fields.amount, fields.currency);
  if (!amount.ok) return amount;
  // A refund may be written negative; the kind carries the direction and the amount is its magnitude.
  if (amount.amountMinor < 0 && meaning.money !== 'refund') return refuse('amount_sign_mismatch');
  const amountMinor = Math.abs(amount.amountMinor);
  if (amountMinor === 0) return refuse('zero_amount');
  const details = p.orderInformation?.amountDetails;
  let serviceFeeMinor = 0;
  if (details?.serviceFeeAmount !== undefined) {
    const fee = readAmount(details.serviceFeeAmount, amount.currency);
    if (!fee.ok) return fee;
    serviceFeeMinor = Math.abs(fee.amountMinor);
  }

  const when = parseProcessorDate(p.submitTimeUtc) ?? parseProcessorDate(envelope.data.eventDate);
  if (!when) return { ok: false, rejection: reject('invalid_date') };

  const mdd: Record<string, unknown> = {};
  for (const entry of p.merchantDefinedInformation ?? []) setOwn(mdd, entry.key, entry.value);
  const guarantorRules = options.config.guarantorRules ?? NO_GUARANTOR_RULES;
  // The date of birth is read for the guarantor rules only; custom-field rules never see it.
  const { dob, rest } = takeDateOfBirth(mdd, guarantorRules);
  const custom = applyCustomFieldRules(rest, options.config.fieldRules);
  const site = resolveSiteFields(custom.canonical, options.config);
  if (!site.ok) return site;

  const method = readPaymentMethod(p.paymentInformation);
  const kind: EventKind =
    meaning.money === 'payment'
      ? site.site.paymentPlanId
        ? 'payment_plan'
        : 'one_time_payment'
      : meaning.money;
  const rawReason = p.reasonCode !== undefined ? String(p.reasonCode) : (p.errorInformation?.reason ?? null);
  const reasonCode = rawReason === null ? null : normalizeReasonCode(rawReason);
  const declined = statusClass === 'declined';
  // A plan installment and a one-time payment are one payment read two ways (a report cannot tell them
  // apart): intake stores the second reading as a duplicate of the first (ingest.ts), so only a payment
  // against a reversal, or the other way round, is a conflict.
  const payment = (k: EventKind) => k === 'one_time_payment' || k === 'payment_plan';
  const earlier =
    options.existingKinds?.(p.id).filter((k) => k !== kind && !(payment(k) && payment(kind))) ?? [];
  if (earlier.length > 0)
    return refuse('kind_conflict', `It is already held as ${earlier.join(', ')}; this event says ${kind}.`);

  const extras: Record<string, unknown> = { ...custom.extras };
  if (eventType !== '') extras.eventType = eventType;
  if (p.reconciliationId) extras.reconciliationId = p.reconciliationId;
  if (p.originalTransactionId) extras.originalTransactionId = p.originalTransactionId;
  if (site.site.claimId) extras.claimId = site.site.claimId;
  if (site.site.paymentPlanId) extras.paymentPlanId = site.site.paymentPlanId;
  if (Object.keys(method.tokens).length > 0) extras.paymentTokens = method.tokens;
  if (isPartialApproval(p.status)) extras.partialApproval = true;
  if (declined || (reasonCode !== null && reasonCode !== '100'))
    extras.reasonText = describeReasonCode(reasonCode);
  // A check number that cannot be one is dropped rather than quarantining the payment; the operator sees why.
  const problems = method.checkNumberUnusable
    ? [...custom.problems, 'bank.account.checkNumber → checkNumber: not a usable check number']
    : custom.problems;
  if (problems.length > 0) extras.mappingProblems = problems;

  const event: NewPaymentEvent = {
    source: options.source,
    processorTxnId: p.id,
    kind,
    tender: method.tender,
    amountMinor,
    currency: amount.currency,
    ehr: site.site.ehr,
    facility: site.site.facility,
    guarantorAccount: site.site.guarantorAccount,
    encounterId: site.site.encounterId,
    merchantRef: enrichMerchantRef(p.clientReferenceInformation?.code, site.site),
    cardBrand: method.cardBrand,
    cardLast4: method.cardLast4,
    cardExpiry: method.cardExpiry,
    checkNumber: method.checkNumber,
    processorStatus: p.status?.trim().toUpperCase() ?? (declined ? 'DECLINED' : null),
    reasonCode,
    transactionAt: when.at,
    serviceFeeMinor,
    extras,
  };
  return applyGuarantorRules(
    { ok: true, event, disposition: declined ? 'declined' : 'post' },
    dob,
    guarantorRules,
  );
}
