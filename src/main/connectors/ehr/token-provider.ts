/**
 * OAuth2 client-credentials tokens (RFC 6749 §4.4). One token is cached per connection until shortly
 * before it expires; when it must be fetched, every concurrent caller waits on the same single request;
 * a 401 from the EHR invalidates exactly the token that was refused, so many callers hitting 401 together
 * cause one refresh, not one each.
 */
import type { AxiosInstance } from 'axios';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { ehrError } from './errors';
import { parseRetryAfter } from './retry-after';
import { transportError } from './transport-error';
import type { EhrOutcome } from './types';

export interface TokenProviderOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string | undefined;
  readonly clientAuth: 'basic' | 'body';
  readonly skewMs: number;
  readonly http: AxiosInstance;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type TokenResult = EhrOutcome<{ readonly token: string }>;

export interface TokenProvider {
  getToken(): Promise<TokenResult>;
  /** Forget `token` if it is still the cached one (the EHR refused it). */
  invalidate(token: string): void;
  /** Token requests sent so far (for status displays and tests). */
  readonly fetches: number;
}

/** Used when the token endpoint omits `expires_in`: short, so a wrong guess costs one refresh. */
const DEFAULT_LIFETIME_MS = 300_000;

interface Cached {
  readonly token: string;
  readonly refreshAt: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { clock, logger } = options;
  let cached: Cached | null = null;
  let inflight: Promise<TokenResult> | null = null;
  let fetches = 0;

  async function fetchToken(): Promise<TokenResult> {
    fetches += 1;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope) form.set('scope', options.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (options.clientAuth === 'basic') {
      // RFC 6749 §2.3.1: form-urlencode id and secret before Base64.
      const id = encodeURIComponent(options.clientId);
      const secret = encodeURIComponent(options.clientSecret);
      headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    } else {
      form.set('client_id', options.clientId);
      form.set('client_secret', options.clientSecret);
    }
    const requestedAt = clock.now();
    let response;
    try {
      response = await options.http.post<string>(options.tokenUrl, form.toString(), { headers });
    } catch (error) {
      const cause = transportError(error);
      logger.warn({ code: cause.code }, 'token request failed');
      return { ok: false, error: ehrError('token_failed', { message: `Token endpoint: ${cause.message}` }) };
    }
    const body = parseJson(response.data);
    if (response.status !== 200) {
      const oauthError = typeof body?.error === 'string' ? body.error : null;
      logger.warn({ status: response.status, oauthError }, 'token endpoint refused');
      return {
        ok: false,
        error: ehrError('token_failed', {
          httpStatus: response.status,
          retryAfterMs: parseRetryAfter(response.headers['retry-after'] as string | undefined, clock),
          ehrCode: oauthError,
          message: `The token endpoint answered ${String(response.status)}${oauthError ? ` (${oauthError})` : ''}.`,
        }),
      };
    }
    const token = body?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
      return {
        ok: false,
        error: ehrError('token_failed', {
          httpStatus: 200,
          message: 'The token endpoint sent no access_token.',
        }),
      };
    }
    const expiresIn = body?.expires_in;
    const lifetimeMs =
      typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
        ? Math.floor(expiresIn * 1000)
        : DEFAULT_LIFETIME_MS;
    // A skew longer than the token's life would refresh on every call; keep at least half the lifetime.
    const skew = Math.min(options.skewMs, Math.floor(lifetimeMs / 2));
    cached = { token, refreshAt: requestedAt + lifetimeMs - skew };
    logger.debug({ lifetimeMs }, 'token fetched');
    return { ok: true, token };
  }

  return {
    get fetches() {
      return fetches;
    },
    getToken(): Promise<TokenResult> {
      if (cached && clock.now() < cached.refreshAt) return Promise.resolve({ ok: true, token: cached.token });
      inflight ??= fetchToken().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(token: string): void {
      if (cached?.token === token) cached = null;
    },
  };
}

function parseJson(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
