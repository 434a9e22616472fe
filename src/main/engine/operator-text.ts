/**
 * What the operator reads for the engine's own decisions (the EHR's error texts are in
 * connectors/ehr/next-steps.ts): one sentence each, so the queue, the item and the daily file agree.
 */

/** An item the EHR may already hold: nobody posts it by hand before checking. */
export const CHECK_EHR_FIRST =
  'Check the EHR for this transaction id first, then mark it manually posted or retry it.';

export const ENGINE_TEXT = {
  foundInEhr: 'The EHR already had this payment (found by its transaction id); linked, not posted again.',
  unverifiable:
    'An earlier attempt may have reached the EHR, and this EHR can neither be asked nor refuses duplicates.',
  interrupted: 'Clearpost stopped while this payment was being sent; the EHR may or may not have it.',
  interruptedAttempt: 'Clearpost stopped while this request was in flight; the EHR may or may not have it.',
  recheckByItself: 'Clearpost checks the EHR before sending it again; nothing to do.',
  internalError: 'Clearpost hit an internal error on this item and set it aside; the others carry on.',
  internalErrorOpen: 'Check the EHR for this transaction id before doing anything else.',
  internalErrorClosed: 'Retry it; if it fails the same way, report it to Clearpost support.',
  manualPost: 'Manually post payment',
  noConnection: (ehr: string, facility: string) =>
    `No ${ehr} connection is configured for facility ${facility}.`,
  noConnectionNext:
    'Add the connection in Settings, then retry it. Do not post manually before the window passes.',
  sandboxOnly: 'A sandbox (synthetic) payment is never sent to a real EHR connection.',
  sandboxOnlyNext: 'Nothing to post: sandbox payments are test data.',
  notApplicableExpired: (window: string, why: string) =>
    `Not Applicable for its ${window} window and still not sendable: ${why}`,
  pastWindow: (hours: number, lastError: string | null, mayHavePosted: boolean) =>
    `Stayed in Retry past its ${String(hours)}-hour window${lastError ? ` (last error: ${lastError})` : ''}` +
    (mayHavePosted ? ', and the EHR may already have it.' : '.'),
} as const;
