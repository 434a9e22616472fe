/** Builds EhrError values and classifies HTTP answers; no I/O here. */
import { EHR_LABEL, type EhrSystem } from '../../../shared/domain';
import { EHR_REASONS, reasonWords } from '../../../shared/words';
import { NEXT_STEP } from './next-steps';
import type { EhrError, EhrErrorCode } from './types';

export interface ErrorDetails {
  readonly httpStatus?: number | null;
  readonly retryAfterMs?: number | null;
  readonly ehrCode?: string | null;
  readonly message?: string;
}

/** Whether the engine may send again, and whether the EHR may already have posted, per code. */
const NATURE: Readonly<Record<EhrErrorCode, { retryable: boolean; ambiguous: boolean }>> = {
  invalid_request: { retryable: false, ambiguous: false },
  unauthorized: { retryable: true, ambiguous: false },
  forbidden: { retryable: false, ambiguous: false },
  bo_hp_reltn_missing: { retryable: false, ambiguous: false },
  not_found: { retryable: false, ambiguous: false },
  duplicate: { retryable: false, ambiguous: false },
  conflict: { retryable: false, ambiguous: false },
  business_rule: { retryable: false, ambiguous: false },
  not_supported: { retryable: false, ambiguous: false },
  unprocessable: { retryable: false, ambiguous: false },
  rate_limited: { retryable: true, ambiguous: false },
  daily_limit: { retryable: true, ambiguous: false },
  server_error: { retryable: true, ambiguous: true },
  unexpected_response: { retryable: false, ambiguous: true },
  timeout: { retryable: true, ambiguous: true },
  connection_reset: { retryable: true, ambiguous: true },
  connect_failed: { retryable: true, ambiguous: false },
  token_failed: { retryable: true, ambiguous: false },
  mapping_failed: { retryable: false, ambiguous: false },
  not_by_api: { retryable: false, ambiguous: false },
};

/**
 * The operator's sentence for a code (src/shared/words), then the EHR's own words when it gave some. Never
 * the HTTP status: that is in `httpStatus` and in the attempt's recorded response.
 */
export function ehrMessage(code: EhrErrorCode, ehr: EhrSystem | null, ehrText: string | null): string {
  const label = ehr ? EHR_LABEL[ehr] : null;
  const sentence = reasonWords(code, label)?.sentence ?? EHR_REASONS[code].sentence;
  const said = ehrText?.trim();
  return said ? `${sentence} ${label ?? 'The EHR'} said: “${said}”` : sentence;
}

export function ehrError(code: EhrErrorCode, details: ErrorDetails = {}): EhrError {
  const nature = NATURE[code];
  return {
    code,
    httpStatus: details.httpStatus ?? null,
    retryable: nature.retryable,
    retryAfterMs: details.retryAfterMs ?? null,
    ambiguous: nature.ambiguous,
    message: details.message ?? ehrMessage(code, null, null),
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
