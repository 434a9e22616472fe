/**
 * What the operator reads for the engine's own decisions: the sentences live in src/shared/words (one table
 * for every screen and the daily file); this fills in what only the engine knows (the facility, the window).
 */
import { reasonWords } from '../../shared/words';

const words = (code: string) => reasonWords(code) ?? { sentence: '', nextStep: '' };

/** An item the EHR may already hold: nobody posts it by hand before checking. */
export const CHECK_EHR_FIRST = words('interrupted').nextStep;

export const ENGINE_TEXT = {
  foundInEhr: words('found_in_ehr').sentence,
  unverifiable: words('ambiguous_unverifiable').sentence,
  interrupted: words('interrupted').sentence,
  interruptedAttempt: 'Clearpost stopped while this request was in flight; the EHR may or may not have it.',
  recheckByItself: 'Clearpost checks the EHR before sending it again; nothing to do.',
  internalError: words('internal_error').sentence,
  internalErrorOpen: words('internal_error').nextStep,
  internalErrorClosed: 'Retry it; if it fails the same way, report it to Clearpost support.',
  manualPost: words('manual_post').sentence.replace(/\.$/, ''),
  noConnection: (ehr: string, facility: string) =>
    `No ${ehr} connection is configured for facility ${facility}.`,
  noConnectionNext: words('no_connection').nextStep,
  sandboxOnly: words('sandbox_payment').sentence,
  sandboxOnlyNext: words('sandbox_payment').nextStep,
  notApplicableExpired: (window: string, why: string) =>
    `Not Applicable for its ${window} window and still not sendable: ${why}`,
  pastWindow: (hours: number, lastError: string | null, mayHavePosted: boolean) =>
    `Stayed in Retry past its ${String(hours)}-hour window${lastError ? ` (last error: ${lastError})` : ''}` +
    (mayHavePosted ? ', and the EHR may already have it.' : '.'),
} as const;
