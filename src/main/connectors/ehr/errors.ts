/** Builds EhrError values and classifies HTTP answers; no I/O here. */
import { NEXT_STEP } from './next-steps';
import type { EhrError, EhrErrorCode } from './types';

export interface ErrorDetails {
  readonly httpStatus?: number | null;
  readonly retryAfterMs?: number | null;
  readonly ehrCode?: string | null;
  readonly message?: string;
}

/** Whether the engine may send again, and whether the EHR may already have posted, per code. */
const NATURE: Readonly<Record<EhrErrorCode, { retryable: boolean; ambiguous: boolean; text: string }>> = {
  invalid_request: { retryable: false, ambiguous: false, text: 'Invalid Request' },
  unauthorized: { retryable: true, ambiguous: false, text: 'Unauthorized' },
  forbidden: { retryable: false, ambiguous: false, text: 'Forbidden' },
  bo_hp_reltn_missing: { retryable: false, ambiguous: false, text: 'bo_hp_reltn_id is missing' },
  not_found: { retryable: false, ambiguous: false, text: 'Not Found' },
  duplicate: { retryable: false, ambiguous: false, text: 'Duplicate transaction' },
  conflict: { retryable: false, ambiguous: false, text: 'Conflict' },
  business_rule: { retryable: false, ambiguous: false, text: 'Unprocessable Entity (business rule)' },
  not_supported: { retryable: false, ambiguous: false, text: 'Unprocessable Entity (not supported)' },
  unprocessable: { retryable: false, ambiguous: false, text: 'Unprocessable Entity' },
  rate_limited: { retryable: true, ambiguous: false, text: 'Too Many Requests' },
  daily_limit: { retryable: true, ambiguous: false, text: 'Daily limit reached, try again tomorrow' },
  server_error: { retryable: true, ambiguous: true, text: 'Server error' },
  unexpected_response: { retryable: false, ambiguous: true, text: 'Unexpected answer from the EHR' },
  timeout: { retryable: true, ambiguous: true, text: 'No answer (timeout)' },
  connection_reset: { retryable: true, ambiguous: true, text: 'Connection dropped after sending' },
  connect_failed: { retryable: true, ambiguous: false, text: 'Could not connect to the EHR' },
  token_failed: { retryable: true, ambiguous: false, text: 'Could not get an access token' },
  mapping_failed: {
    retryable: false,
    ambiguous: false,
    text: 'The payment could not be mapped for this EHR',
  },
  not_by_api: { retryable: false, ambiguous: false, text: 'Not sent by API' },
};

export function ehrError(code: EhrErrorCode, details: ErrorDetails = {}): EhrError {
  const nature = NATURE[code];
  return {
    code,
    httpStatus: details.httpStatus ?? null,
    retryable: nature.retryable,
    retryAfterMs: details.retryAfterMs ?? null,
    ambiguous: nature.ambiguous,
    message: details.message ?? nature.text,
    nextStep: NEXT_STEP[code],
    ehrCode: details.ehrCode ?? null,
  };
}

/** The code for an HTTP error status when the body says nothing more specific. */
export function codeForStatus(status: number): EhrErrorCode {
  if (status === 400) return 'invalid_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'unprocessable';
  if (status === 429) return 'rate_limited';
  // 529 (site overloaded) is not standard but is in the Cerner table; every 5xx may have committed.
  if (status >= 500 && status <= 599) return 'server_error';
  if (status >= 400 && status <= 499) return 'invalid_request';
  return 'unexpected_response';
}
