/**
 * The Cybersource REST calls backfill makes, signed with HTTP Signature (http-signature.ts):
 *   - GET  /reporting/v3/report-downloads?organizationId=&reportDate=&reportName=  (Reporting REST API,
 *     "Download a Report"; the report as CSV)
 *   - POST /nrtf/v1/webhooks/{webhookId}/replays  (Webhooks "Replay Previous Webhooks", as documented in
 *     CyberSource/cybersource-rest-client-node's ReplayWebhooksApi: byDeliveryStatus {status, startTime,
 *     endTime}; one replay at a time, a span of at most 24 hours within the last month)
 * No retries here: an answer other than 2xx becomes a CybersourceApiError with a code and a sentence that
 * says what to do, and the caller stops before it changes anything.
 */
import type { AxiosInstance } from 'axios';
import type { Clock } from '../../clock';
import { createHttpClient } from '../../connectors/ehr/http-client';
import { parseRetryAfter } from '../../connectors/ehr/retry-after';
import { signRequest, type SigningCredentials } from './http-signature';

export interface CybersourceRestConfig extends SigningCredentials {
  /** `https://api.cybersource.com` (production), `https://apitest.cybersource.com` (test), or the sandbox's. */
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

export type CybersourceApiErrorCode =
  | 'unauthorized'
  | 'rate_limited'
  | 'server_error'
  | 'no_report'
  | 'rejected'
  | 'network'
  | 'unexpected_response';

export class CybersourceApiError extends Error {
  constructor(
    readonly code: CybersourceApiErrorCode,
    message: string,
    readonly httpStatus: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'CybersourceApiError';
  }
  get retryable(): boolean {
    return this.code === 'rate_limited' || this.code === 'server_error' || this.code === 'network';
  }
}

export interface ReplaySpan {
  /** ISO 8601 instants; at most 24 hours apart, within the last month. */
  readonly startTime: string;
  readonly endTime: string;
}

export interface CybersourceRestClient {
  downloadReport(query: {
    readonly organizationId: string;
    readonly reportDate: string;
    readonly reportName: string;
  }): Promise<string>;
  requestReplay(webhookId: string, span: ReplaySpan): Promise<void>;
}

function describe(status: number, what: string, retryAfterMs: number | null): CybersourceApiError {
  if (status === 401 || status === 403)
    return new CybersourceApiError(
      'unauthorized',
      `Cybersource refused the credentials for ${what} (HTTP ${String(status)}): check the merchant id, key id and shared secret of the Cybersource reporting settings.`,
      status,
    );
  if (status === 429)
    return new CybersourceApiError(
      'rate_limited',
      `Cybersource is limiting requests (HTTP 429) for ${what}; try again ${retryAfterMs !== null ? `in ${String(Math.ceil(retryAfterMs / 1000))} s` : 'later'}.`,
      status,
      retryAfterMs,
    );
  if (status >= 500)
    return new CybersourceApiError(
      'server_error',
      `Cybersource had a server error (HTTP ${String(status)}) for ${what}; try again later.`,
      status,
      retryAfterMs,
    );
  if (status === 404)
    return new CybersourceApiError(
      'no_report',
      `Cybersource has no ${what} (HTTP 404): the report may not be ready yet, or its name is not the one subscribed.`,
      status,
    );
  return new CybersourceApiError('rejected', `Cybersource refused ${what} (HTTP ${String(status)}).`, status);
}

export function createCybersourceRestClient(
  config: CybersourceRestConfig,
  clock: Clock,
  http: AxiosInstance = createHttpClient({
    connectTimeoutMs: 10_000,
    responseTimeoutMs: config.timeoutMs ?? 60_000,
  }),
): CybersourceRestClient {
  const base = new URL(config.baseUrl);

  async function send(method: 'GET' | 'POST', target: string, what: string, body?: string) {
    const headers = signRequest(
      {
        method,
        target,
        host: base.host,
        date: new Date(clock.now()).toUTCString(),
        ...(body ? { body } : {}),
      },
      config,
    );
    let response;
    try {
      response = await http.request<string>({
        method,
        url: new URL(target, base).href,
        headers: {
          ...headers,
          ...(body ? { 'content-type': 'application/json' } : {}),
          accept: method === 'GET' ? 'text/csv' : 'application/json',
        },
        ...(body ? { data: body } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'no answer';
      throw new CybersourceApiError(
        'network',
        `Cybersource could not be reached for ${what} (${reason}); try again later.`,
        null,
      );
    }
    if (response.status >= 200 && response.status < 300) return response;
    const retryAfter = parseRetryAfter(response.headers['retry-after'] as string | undefined, clock);
    throw describe(response.status, what, retryAfter);
  }

  return {
    async downloadReport({ organizationId, reportDate, reportName }) {
      const query = new URLSearchParams({ organizationId, reportDate, reportName });
      const what = `the ${reportName} report of ${reportDate} for ${organizationId}`;
      const response = await send('GET', `/reporting/v3/report-downloads?${query.toString()}`, what);
      if (typeof response.data !== 'string')
        throw new CybersourceApiError(
          'unexpected_response',
          `Cybersource sent ${what} in no readable form.`,
          200,
        );
      return response.data;
    },
    async requestReplay(webhookId, span) {
      const body = JSON.stringify({
        byDeliveryStatus: { status: 'FAILED', startTime: span.startTime, endTime: span.endTime },
      });
      await send(
        'POST',
        `/nrtf/v1/webhooks/${encodeURIComponent(webhookId)}/replays`,
        `a webhook replay for ${span.startTime} to ${span.endTime}`,
        body,
      );
    },
  };
}
