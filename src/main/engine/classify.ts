/**
 * The classifier: one pure function from what a connector answered to what the posting becomes
 * (Success, Retry, Failure, Not Applicable, will not be sent). It decides; the engine and the schedule only carry the decision out.
 */
import type { AttemptOutcome } from '../../shared/domain';
import type { EhrError, LookupResult, PostResult } from '../connectors/ehr';

/** How soon a Retry may go again. */
export type RetryPace =
  /** 429, 5xx, timeouts and resets: exponential backoff with jitter, Retry-After honoured. */
  | 'backoff'
  /** 401: the token is refreshed once, then the item goes again at once. */
  | 'token'
  /** Everything else waits for the connection's next retry sweep. */
  | 'sweep';

export type Classification =
  | {
      readonly status: 'success';
      readonly outcome: Extract<AttemptOutcome, 'posted' | 'duplicate'>;
      readonly ehrReference: string | null;
      readonly note: string | null;
    }
  | {
      readonly status: 'retry';
      readonly outcome: Extract<AttemptOutcome, 'retry' | 'rate_limited' | 'ambiguous'>;
      readonly error: EhrError;
      readonly pace: RetryPace;
      /** The EHR may already have posted it: look it up (or rely on its deduplication) before sending again. */
      readonly verifyFirst: boolean;
    }
  | { readonly status: 'failure'; readonly outcome: 'failed'; readonly error: EhrError }
  | { readonly status: 'not_applicable'; readonly outcome: 'not_applicable'; readonly error: EhrError }
  | { readonly status: 'needs_verification'; readonly outcome: 'ambiguous'; readonly error: EhrError };

export function classifyPost(result: PostResult): Classification {
  if (result.ok) {
    return result.existing
      ? {
          status: 'success',
          outcome: 'duplicate',
          ehrReference: result.ehrReference,
          note: 'The EHR already had this payment; linked to its existing posting.',
        }
      : { status: 'success', outcome: 'posted', ehrReference: result.ehrReference, note: null };
  }
  return classifyError(result.error);
}

export function classifyError(error: EhrError): Classification {
  switch (error.code) {
    case 'duplicate':
      // The EHR refused a second posting of this external id: the first one stands.
      return {
        status: 'success',
        outcome: 'duplicate',
        ehrReference: null,
        note: 'The EHR reported it already has this payment; linked, not posted again.',
      };
    case 'timeout':
    case 'connection_reset':
    case 'server_error':
      return { status: 'retry', outcome: 'ambiguous', error, pace: 'backoff', verifyFirst: true };
    case 'rate_limited':
      return { status: 'retry', outcome: 'rate_limited', error, pace: 'backoff', verifyFirst: false };
    case 'daily_limit':
      return { status: 'retry', outcome: 'rate_limited', error, pace: 'backoff', verifyFirst: false };
    case 'connect_failed':
    case 'token_failed':
      // Nothing reached the EHR.
      return { status: 'retry', outcome: 'retry', error, pace: 'backoff', verifyFirst: false };
    case 'unauthorized':
      return { status: 'retry', outcome: 'retry', error, pace: 'token', verifyFirst: false };
    case 'invalid_request':
    case 'forbidden':
    case 'bo_hp_reltn_missing':
    case 'not_found':
    case 'conflict':
    case 'business_rule':
    case 'not_supported':
    case 'unprocessable':
      return { status: 'failure', outcome: 'failed', error };
    case 'mapping_failed':
    case 'not_by_api':
      return { status: 'not_applicable', outcome: 'not_applicable', error };
    case 'unexpected_response':
      // An answer we cannot read may still be a posting: a person checks the EHR.
      return { status: 'needs_verification', outcome: 'ambiguous', error };
  }
}

/** What a lookup before re-posting decides. */
export type Verification =
  | { readonly kind: 'found'; readonly ehrReference: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly error: EhrError };

export function classifyLookup(result: LookupResult): Verification {
  if (!result.ok) return { kind: 'unknown', error: result.error };
  return result.found ? { kind: 'found', ehrReference: result.ehrReference } : { kind: 'absent' };
}

/** Failures that say the endpoint itself is unwell (they count toward opening its breaker). */
export function isEndpointDown(error: EhrError): boolean {
  return (
    error.code === 'timeout' ||
    error.code === 'connection_reset' ||
    error.code === 'server_error' ||
    error.code === 'connect_failed'
  );
}
