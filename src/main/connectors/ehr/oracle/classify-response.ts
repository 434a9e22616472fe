/** Oracle Health's answers to `POST /Basic`, as values (domain brief §3 and §5). */
import { codeForStatus, ehrError } from '../errors';
import { parseOperationOutcome } from '../operation-outcome';
import type { EhrError, EhrErrorCode } from '../types';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Time-out',
  529: 'Site Overloaded',
};

export function oracleError(status: number, body: string, retryAfterMs: number | null): EhrError {
  const outcome = parseOperationOutcome(body);
  const issue = outcome?.issueCode ?? null;
  const text = outcome?.text ?? null;
  let code: EhrErrorCode = codeForStatus(status);
  if (status === 404 && text?.includes('bo_hp_reltn_id')) code = 'bo_hp_reltn_missing';
  if ((status === 409 || status === 422) && issue === 'duplicate') code = 'duplicate';
  if (status === 422 && issue === 'business-rule') code = 'business_rule';
  if (status === 422 && issue === 'not-supported') code = 'not_supported';
  const statusText = STATUS_TEXT[status] ?? `HTTP ${String(status)}`;
  return ehrError(code, {
    httpStatus: status,
    retryAfterMs: code === 'rate_limited' || code === 'server_error' ? retryAfterMs : null,
    ehrCode: issue,
    message: text ? `${String(status)} ${statusText}: ${text}` : `${String(status)} ${statusText}`,
  });
}
