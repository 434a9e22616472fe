/** Turns a failed request (no HTTP answer) into an EhrError, deciding whether the EHR may have posted. */
import { isAxiosError } from 'axios';
import { ehrError } from './errors';
import { CONNECT_TIMEOUT_CODE } from './http-client';
import type { EhrError } from './types';

/** Nothing reached the EHR: the connection never opened. */
const NOT_SENT = new Set([
  CONNECT_TIMEOUT_CODE,
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  // axios wraps the socket error; the socket's own code is the precise one.
  if (typeof cause === 'string') return cause;
  return typeof own === 'string' ? own : undefined;
}

export function transportError(error: unknown): EhrError {
  const code = errorCode(error);
  if (
    isAxiosError(error) &&
    (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') &&
    code !== CONNECT_TIMEOUT_CODE
  ) {
    return ehrError('timeout', { message: 'The EHR did not answer in time; the request had been sent.' });
  }
  if (code !== undefined && NOT_SENT.has(code)) {
    return ehrError('connect_failed', {
      message: `Could not connect to the EHR (${code}); nothing was sent.`,
    });
  }
  if (isAxiosError(error) && error.code === 'ERR_CANCELED') {
    // Cancelled by us (shutdown): it may have been sent already.
    return ehrError('connection_reset', {
      message: 'The request was cancelled after it may have been sent.',
    });
  }
  // ECONNRESET, EPIPE, "socket hang up", or anything unknown: the bytes may have reached the EHR.
  return ehrError('connection_reset', {
    message: `The connection dropped${code ? ` (${code})` : ''} after the request was sent; the EHR may have posted it.`,
  });
}
