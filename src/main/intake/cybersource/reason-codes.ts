/**
 * Cybersource reason codes in plain language. Operators see these sentences, never bare
 * numbers. Numeric codes are the legacy ones still printed in reports; the REST `errorInformation.reason`
 * strings are mapped to the same sentences.
 */

// prettier-ignore
export const REASON_CODE_TEXT: Readonly<Record<string, string>> = {
  '100': 'The transaction succeeded.',
  '101': 'The request was missing one or more required fields.',
  '102': 'One or more fields in the request contained invalid data.',
  '104': 'A request with the same merchant reference was sent in the last 15 minutes; this one was treated as a duplicate.',
  '110': 'Only part of the amount was approved (partial approval).',
  '150': 'The processor had a system failure.',
  '151': 'The request timed out at the processor. Check the transaction status before sending it again.',
  '152': 'The processor service did not finish in time. Check the transaction status before sending it again.',
  '250': 'The request timed out waiting for the card network. Check the transaction status before sending it again.',
  '202': 'The card has expired.',
  '203': 'The card was declined by the issuing bank (general decline, no reason given).',
  '204': 'The account does not have enough funds.',
  '205': 'The card was reported lost or stolen.',
  '207': "The card issuer's bank could not be reached.",
  '208': 'The card is not active or not authorized for this kind of transaction.',
  '209': 'The card security code (CVN) did not match.',
  '210': 'The card has reached its credit limit.',
  '211': 'The card security code (CVN) is not valid.',
  '221': "The customer is on the processor's negative file.",
  '230': 'The payment was approved by the bank, but declined because the card security code (CVN) did not match.',
  '231': 'The account number is not valid.',
  '232': 'The card type is not accepted by this merchant account.',
  '233': 'The processor declined the payment.',
  '234': "There is a problem with the merchant's processor configuration.",
  '236': 'The processor had a failure.',
  '400': 'The fraud score is above the merchant’s threshold.',
  '475': 'The cardholder must complete payer authentication (3-D Secure).',
  '476': 'Payer authentication (3-D Secure) could not be completed.',
  '480': 'The payment was flagged for review by Decision Manager.',
  '481': 'The payment was rejected by Decision Manager (fraud screening).',
  '520': 'The payment was declined by smart authorization settings.',
};

// REST `errorInformation.reason` values seen on declines, to the legacy code with the same meaning.
// prettier-ignore
const REST_REASON_TO_CODE: Readonly<Record<string, string>> = {
  MISSING_FIELD: '101', INVALID_DATA: '102', DUPLICATE_REQUEST: '104', PARTIAL_APPROVAL: '110',
  SYSTEM_ERROR: '150', SERVER_TIMEOUT: '151', SERVICE_TIMEOUT: '152', EXPIRED_CARD: '202',
  PROCESSOR_DECLINED: '233', INSUFFICIENT_FUND: '204', STOLEN_LOST_CARD: '205', ISSUER_UNAVAILABLE: '207',
  UNAUTHORIZED_CARD: '208', CVN_NOT_MATCH: '230', EXCEEDS_CREDIT_LIMIT: '210', INVALID_CVN: '211',
  DECLINED_CHECK: '221', BLACKLISTED_CUSTOMER: '221', INVALID_ACCOUNT: '231', CARD_TYPE_NOT_ACCEPTED: '232',
  GENERAL_DECLINE: '203', INVALID_MERCHANT_CONFIGURATION: '234', PROCESSOR_ERROR: '236',
  SCORE_EXCEEDS_THRESHOLD: '400', CONSUMER_AUTHENTICATION_REQUIRED: '475', CONSUMER_AUTHENTICATION_FAILED: '476',
  DECISION_PROFILE_REVIEW: '480', DECISION_PROFILE_REJECT: '481', SMART_AUTHORIZATION_DECLINE: '520',
};

/** The legacy numeric code for a REST reason, or the code itself when it is already numeric. */
export function normalizeReasonCode(code: string): string {
  const trimmed = code.trim();
  return REST_REASON_TO_CODE[trimmed.toUpperCase()] ?? trimmed;
}

/** The plain-language sentence for a reason code (numeric or REST), never just the number. */
export function describeReasonCode(code: string | null | undefined): string {
  if (code === null || code === undefined || code.trim() === '') return 'The processor gave no reason.';
  const text = REASON_CODE_TEXT[normalizeReasonCode(code)];
  return (
    text ??
    `The processor gave reason ${code.trim()}, which Clearpost has no description for; look it up in the processor's portal.`
  );
}
