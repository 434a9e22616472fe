/**
 * Why intake refused an input: a stable code for filters and tests, and the sentence the operator reads.
 * Reasons never quote the refused values themselves (they may be card data or patient identifiers).
 */
export const INTAKE_REASON_TEXT = {
  card_number: 'A full card number was found in the input.',
  cvv: 'A card security code (CVV) was found in the input.',
  unscannable: 'Part of the input could not be checked for card data.',
  malformed_json: 'The message is not valid JSON.',
  invalid_payload: 'The message does not have the fields Clearpost needs.',
  missing_field: 'A required field is missing.',
  unknown_event_type: 'The processor event type is not one Clearpost knows how to post.',
  not_a_payment:
    'The event does not move money (for example an authorization only), so there is nothing to post.',
  unknown_status: 'The processor status is not one Clearpost knows.',
  processor_review:
    'The processor is holding this payment for review; it is posted when an accepted event arrives.',
  unknown_currency: 'The currency is missing or is not an ISO 4217 currency Clearpost supports.',
  invalid_amount: 'The amount is not a decimal number.',
  too_precise: 'The amount has more decimals than its currency allows.',
  out_of_range: 'The amount is too large.',
  zero_amount: 'The amount is zero.',
  above_ceiling:
    'The amount is above the sanity ceiling set for intake (a likely data error); check it with the processor.',
  amount_sign_mismatch: 'The sign of the amount does not match the transaction type.',
  invalid_date: 'The transaction date is missing or not a date.',
  missing_facility: 'No facility could be found for the payment, and no default facility is configured.',
  unknown_ehr: 'The EHR named for the payment is not Epic or Oracle Health.',
  unknown_transaction_type: 'The transaction type is not one Clearpost knows.',
  malformed_row: 'The row could not be read.',
  invalid_event: 'The payment event failed validation.',
  guarantor_mismatch:
    'The guarantor account cannot be matched to one patient account (for example a merged or combined record).',
  not_releasable: 'Clearpost cannot read this input again to release it.',
  // Cybersource webhooks: message-level encryption and kinds bound to the signed payload.
  mle_unknown_key: 'The payload is encrypted with a key this installation does not hold.',
  mle_tampered:
    'The encrypted payload names this installation’s key but does not decrypt: it was changed or damaged on the way.',
  mle_malformed: 'The encrypted payload is not a JWE Clearpost can read.',
  kind_unsigned:
    'The signed payload does not say whether it is a payment, refund or void, and the unsigned event type cannot be trusted for that.',
  kind_mismatch:
    'The event type (outside the signature) disagrees with what the signed payload says the transaction is.',
  kind_conflict:
    'Clearpost already holds this processor transaction as another kind of event; a transaction id belongs to one kind only.',
} as const;

export type IntakeReasonCode = keyof typeof INTAKE_REASON_TEXT;

/** A refusal: the code, and the operator's sentence (the generic text plus specifics that hold no data). */
export interface IntakeRejection {
  readonly reasonCode: IntakeReasonCode;
  readonly reason: string;
}

export function reject(reasonCode: IntakeReasonCode, detail?: string): IntakeRejection {
  const base = INTAKE_REASON_TEXT[reasonCode];
  return { reasonCode, reason: detail ? `${base} ${detail}` : base };
}
