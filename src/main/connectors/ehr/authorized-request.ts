/**
 * One authorized HTTP exchange with an EHR: take a token, send, and on 401 invalidate the refused token so
 * the engine's next attempt (or the next concurrent caller) refreshes it once. Never retries by itself.
 */
import type { AxiosInstance, RawAxiosResponseHeaders, AxiosResponseHeaders } from 'axios';
import type { TokenProvider } from './token-provider';
import { transportError } from './transport-error';
import type { EhrOutcome, SendOptions } from './types';

export interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly accept: string;
}

export type ExchangeResult = EhrOutcome<{
  readonly status: number;
  readonly headers: RawAxiosResponseHeaders | AxiosResponseHeaders;
  readonly body: string;
}>;

export async function authorizedExchange(
  http: AxiosInstance,
  tokens: TokenProvider,
  exchange: Exchange,
  options: SendOptions = {},
): Promise<ExchangeResult> {
  const token = await tokens.getToken();
  if (!token.ok) return token;
  const headers: Record<string, string> = { authorization: `Bearer ${token.token}`, accept: exchange.accept };
  if (exchange.contentType) headers['content-type'] = exchange.contentType;
  try {
    const response = await http.request<string>({
      method: exchange.method,
      url: exchange.url,
      data: exchange.body,
      headers,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (response.status === 401) tokens.invalidate(token.token);
    return {
      ok: true,
      status: response.status,
      headers: response.headers,
      body: typeof response.data === 'string' ? response.data : '',
    };
  } catch (error) {
    return { ok: false, error: transportError(error) };
  }
}

export function header(
  headers: RawAxiosResponseHeaders | AxiosResponseHeaders,
  name: string,
): string | undefined {
  const value: unknown = (headers as Record<string, unknown>)[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
