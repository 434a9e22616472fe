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
import { classifyEventType } from './event-types';
import { readPaymentMethod } from './payment-method';
import { describeReasonCode, normalizeReasonCode } from './reason-codes';
import { classifyStatus, isPartialApproval } from './statuses';
import type { CybersourceIntakeConfig } from './webhook-config';

export interface WebhookMapOptions {
  readonly source: EventSource;
  /** `v-c-event-type`, used when the envelope does not name its event. */
  readonly headerEventType: string | null;
  readonly config: CybersourceIntakeConfig;
}

export function mapWebhookEnvelope(input: unknown, options: WebhookMapOptions): MapOutcome {
  const envelope = WebhookEnvelope.safeParse(input);
  if (!envelope.success)
    return { ok: false, rejection: reject('invalid_payload', summarizeIssues(envelope.error)) };
  const eventType = envelope.data.eventType ?? options.headerEventType ?? '';
  const meaning = classifyEventType(eventType);
  if (!meaning) return { ok: false, rejection: reject('unknown_event_type') };
  if (meaning.money === 'none') return { ok: false, rejection: reject('not_a_payment') };

  const payload = PaymentPayload.safeParse(envelope.data.payload);
  if (!payload.success)
    return { ok: false, rejection: reject('invalid_payload', summarizeIssues(payload.error)) };
  const p = payload.data;

  const statusClass =
    meaning.outcome === 'rejected'
      ? 'declined'
      : meaning.outcome === 'review'
        ? 'review'
        : classifyStatus(p.status);
  if (statusClass === null) return { ok: false, rejection: reject('unknown_status') };
  if (statusClass === 'review') return { ok: false, rejection: reject('processor_review') };
  if (statusClass === 'none') return { ok: false, rejection: reject('not_a_payment') };

  const details = p.orderInformation?.amountDetails;
  const amount = readAmount(details?.totalAmount ?? details?.authorizedAmount, details?.currency);
  if (!amount.ok) return amount;
  // A refund may be written negative; the kind carries the direction and the amount is its magnitude.
  if (amount.amountMinor < 0 && meaning.money !== 'refund')
    return { ok: false, rejection: reject('amount_sign_mismatch') };
  const amountMinor = Math.abs(amount.amountMinor);
  if (amountMinor === 0) return { ok: false, rejection: reject('zero_amount') };
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
  const fields = applyCustomFieldRules(rest, options.config.fieldRules);
  const site = resolveSiteFields(fields.canonical, options.config);
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

  const extras: Record<string, unknown> = { ...fields.extras, eventType };
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
    ? [...fields.problems, 'bank.account.checkNumber → checkNumber: not a usable check number']
    : fields.problems;
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
