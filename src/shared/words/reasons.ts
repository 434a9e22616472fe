/**
 * Why an item stopped, in the operator's words, and what to do next: one row per reason code, for every
 * screen, the daily report and the notifications alike. The EHR's HTTP status and its raw answer are not
 * here on purpose: they stay in the item's technical section (the attempt's request and response).
 *
 * `{ehr}` is replaced by the EHR's display name ("Epic", "Oracle Health"); without one it reads "the EHR".
 * `{retryWindow}` and `{naWindow}` by the item's own connection windows ("24-hour"), so a site that sets a
 * 24-hour retry window never reads "2 days".
 * The next steps follow Oracle's published error table for the Patient Accounting FinancialTransaction API
 * ("Oracle Health Millennium Platform APIs: FinancialTransaction", error handling), applied to Epic too.
 */

export interface ReasonWords {
  /** What happened, as a sentence that starts with a capital and never with an HTTP status. */
  readonly sentence: string;
  /** What the operator does next. */
  readonly nextStep: string;
}

/** The windows of the item's connection, as its settings give them. */
export interface StepWindows {
  /** How long an item may stay in Retry (connection `retry.windowMs`). */
  readonly windowMs: number;
  /** How long nobody posts a Not Applicable item by hand (connection `retry.notApplicableWindowMs`). */
  readonly notApplicableWindowMs: number;
}

/** The connection defaults, for texts shown before any connection applies. */
export const DEFAULT_STEP_WINDOWS: StepWindows = {
  windowMs: 24 * 3_600_000,
  notApplicableWindowMs: 48 * 3_600_000,
};

/** "24-hour", "90-minute": the plainest exact wording of a window. */
export function windowWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${String(minutes / 60)}-hour` : `${String(minutes)}-minute`;
}

const KEEP_REPOSTING =
  'Clearpost keeps re-posting within its {retryWindow} retry window; if it ends as Failure, post the payment manually.';
const MAY_HAVE_POSTED = `${KEEP_REPOSTING} {ehr} may have posted it: check {ehr} for this transaction before posting by hand.`;

/** Answers from the EHR, the network, and the checks before sending (the connectors' error codes). */
export const EHR_REASONS = {
  invalid_request: {
    sentence: '{ehr} refused the request as incomplete or malformed.',
    nextStep: 'Manually post payment.',
  },
  unauthorized: {
    sentence: '{ehr} did not accept Clearpost’s sign-in.',
    nextStep: 'Manually post payment if it still fails after the {retryWindow} retry window.',
  },
  forbidden: {
    sentence: '{ehr} does not allow this connection to post here.',
    nextStep: 'Manually post payment.',
  },
  bo_hp_reltn_missing: {
    sentence: '{ehr} is missing the billing-organization and health-plan relationship for this account.',
    nextStep:
      'Manually post payment and open a support ticket with Oracle about the missing billing-organization and health-plan relationship.',
  },
  not_found: {
    sentence: 'The account or encounter was not found in {ehr}.',
    nextStep: 'Manually post payment after confirming the guarantor account or encounter number.',
  },
  duplicate: {
    sentence: '{ehr} already has a posting with this transaction id.',
    nextStep:
      'The EHR already has a posting with this transaction id. Check it in the EHR; do not post again (a second posting becomes a credit balance to refund).',
  },
  conflict: {
    sentence: '{ehr} refused the posting because it conflicts with what it already holds.',
    nextStep: 'Manually post payment.',
  },
  business_rule: {
    sentence: '{ehr} refused the posting under one of its business rules.',
    nextStep: 'Manually post payment.',
  },
  not_supported: {
    sentence: '{ehr} does not support this kind of posting.',
    nextStep: 'Manually post payment.',
  },
  unprocessable: {
    sentence: '{ehr} could not process the posting.',
    nextStep: 'Manually post payment.',
  },
  rate_limited: {
    sentence: '{ehr} asked Clearpost to slow down.',
    nextStep: KEEP_REPOSTING,
  },
  daily_limit: {
    sentence: '{ehr} reached its daily limit; Clearpost tries again tomorrow.',
    nextStep:
      'The EHR daily limit was reached; Clearpost tries again tomorrow. If it ends as Failure, post manually.',
  },
  server_error: {
    sentence: '{ehr} had an error of its own while posting.',
    nextStep: MAY_HAVE_POSTED,
  },
  unexpected_response: {
    sentence: '{ehr} answered in a way Clearpost does not understand.',
    nextStep: 'Manually post payment after checking the EHR for this transaction.',
  },
  timeout: {
    sentence: '{ehr} did not answer in time.',
    nextStep: MAY_HAVE_POSTED,
  },
  connection_reset: {
    sentence: 'The connection to {ehr} dropped after the payment was sent.',
    nextStep: MAY_HAVE_POSTED,
  },
  connect_failed: {
    sentence: 'Clearpost could not reach {ehr}.',
    nextStep: KEEP_REPOSTING,
  },
  token_failed: {
    sentence: 'Clearpost could not sign in to {ehr}.',
    nextStep:
      "Check the connection's token URL, client id and secret in Settings. Clearpost keeps retrying within its {retryWindow} window.",
  },
  mapping_failed: {
    sentence: 'The payment could not be turned into a posting for {ehr}.',
    nextStep:
      'Do not post manually until its {naWindow} Not Applicable window has passed; fix the mapping or the payment data so Clearpost can send it.',
  },
  not_by_api: {
    sentence: 'This payment is not sent to {ehr} by API.',
    nextStep: 'Not sent by API: it goes in the daily void/refund file for the EHR.',
  },
} as const satisfies Record<string, ReasonWords>;

export type EhrReasonCode = keyof typeof EHR_REASONS;

/** The engine's own decisions (operator-text.ts fills in the details it knows). */
export const ENGINE_REASONS = {
  found_in_ehr: {
    sentence: '{ehr} already had this payment (found by its transaction id); linked, not posted again.',
    nextStep: 'Nothing to do: the payment is in {ehr} once.',
  },
  ambiguous_unverifiable: {
    sentence:
      'An earlier attempt may have reached {ehr}, and {ehr} can neither be asked nor refuses duplicates.',
    nextStep: 'Check {ehr} for this transaction id first, then mark it manually posted or retry it.',
  },
  interrupted: {
    sentence: 'Clearpost stopped while this payment was being sent; {ehr} may or may not have it.',
    nextStep: 'Check {ehr} for this transaction id first, then mark it manually posted or retry it.',
  },
  internal_error: {
    sentence: 'Clearpost hit an internal error on this item and set it aside; the others carry on.',
    nextStep: 'Check {ehr} for this transaction id before doing anything else.',
  },
  manual_post: {
    sentence: 'Manually post payment.',
    nextStep: 'Post the payment by hand in {ehr} and record its reference here.',
  },
  manual_workflow: {
    sentence: 'Taken through the manual-payment workflow; never sent by API.',
    nextStep: 'Nothing to send: it is listed in the daily reconciliation file.',
  },
  no_connection: {
    sentence: 'No {ehr} connection is configured for this facility.',
    nextStep: 'Add the connection in Settings, then retry it. Do not post manually before the window passes.',
  },
  operator_retry: {
    sentence: 'Sent again by an operator; waiting for {ehr}’s answer.',
    nextStep: 'Nothing to do yet: the answer appears here.',
  },
  sandbox_payment: {
    sentence: 'A sandbox (synthetic) payment is never sent to a real EHR connection.',
    nextStep: 'Nothing to post: sandbox payments are test data.',
  },
  window_expired: {
    sentence: 'It stayed in Retry past its retry window.',
    nextStep: 'Post the payment by hand in {ehr} and record its reference here.',
  },
} as const satisfies Record<string, ReasonWords>;

export const REASONS: Readonly<Record<string, ReasonWords>> = { ...EHR_REASONS, ...ENGINE_REASONS };

function fill(text: string, ehr: string | null, windows: StepWindows): string {
  const name = ehr ?? 'the EHR';
  // "{ehr} did…" at the start of a sentence keeps its capital: "The EHR did…".
  return text
    .replace(/(^|[.:;!?]\s+)\{ehr\}/g, (_m, lead: string) => `${lead}${ehr ?? 'The EHR'}`)
    .replaceAll('{ehr}', name)
    .replaceAll('{retryWindow}', windowWords(windows.windowMs))
    .replaceAll('{naWindow}', windowWords(windows.notApplicableWindowMs));
}

/**
 * The row for a reason code, with the EHR's name and the item's windows filled in (the connection defaults
 * when not given); null for a code the table does not know.
 */
export function reasonWords(
  code: string | null | undefined,
  ehr: string | null = null,
  windows: StepWindows = DEFAULT_STEP_WINDOWS,
): ReasonWords | null {
  const row = code && Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
  if (!row) return null;
  return { sentence: fill(row.sentence, ehr, windows), nextStep: fill(row.nextStep, ehr, windows) };
}
