/** How serve mode's transport answers: JSON envelopes, API error codes as HTTP statuses, 405 with `Allow`. */
import type { ServerResponse } from 'node:http';
import type { ApiErrorCode, Envelope } from '../../shared/contract';

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  unknown_command: 404,
  invalid_arguments: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  unavailable: 503,
  internal: 500,
};

export function sendJson(res: ServerResponse, envelope: Envelope<unknown>): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(envelope));
}

export function sendError(
  res: ServerResponse,
  code: ApiErrorCode,
  message: string,
  issues?: readonly { readonly path: string; readonly message: string }[],
): void {
  res.statusCode = HTTP_STATUS[code];
  sendJson(res, { ok: false, error: { code, message, ...(issues?.length ? { issues } : {}) } });
}

export function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.statusCode = 405;
  res.setHeader('Allow', allow);
  sendJson(res, { ok: false, error: { code: 'invalid_arguments', message: `Use ${allow}` } });
}

/** 429 Too Many Requests with `Retry-After` in seconds (RFC 6585 section 4). */
export function sendThrottled(res: ServerResponse, retryAfterSeconds: number): void {
  res.statusCode = 429;
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendJson(res, {
    ok: false,
    error: {
      code: 'unavailable',
      message: `Too many sign-in attempts from this computer; try again in ${String(retryAfterSeconds)} seconds.`,
    },
  });
}
