/** Oracle Health's answers to `POST /Basic`, as values. */
import { codeForStatus, ehrError, ehrMessage } from '../errors';
import { parseOperationOutcome } from '../operation-outcome';
import type { EhrError, EhrErrorCode } from '../types';

export function oracleError(status: number, body: string, retryAfterMs: number | null): EhrError {
  const outcome = parseOperationOutcome(body);
  const issue = outcome?.issueCode ?? null;
  const text = outcome?.text ?? null;
  let code: EhrErrorCode = codeForStatus(status);
  if (status === 404 && text?.includes('bo_hp_reltn_id')) code = 'bo_hp_reltn_missing';
  if ((status === 409 || status === 422) && issue === 'duplicate') code = 'duplicate';
  if (status === 422 && issue === 'business-rule') code = 'business_rule';
  if (status === 422 && issue === 'not-supported') code = 'not_supported';
  return ehrError(code, {
    httpStatus: status,
    retryAfterMs: code === 'rate_limited' || code === 'server_error' ? retryAfterMs : null,
    ehrCode: issue,
    message: ehrMessage(code, 'oracle_health', text),
  });
}
