/**
 * Epic connector over the modeled payment contract (ASSUMPTION, see payment-request.ts). Epic keeps the
 * processor's transaction id on the electronic payment, so a lookup by it is offered and the engine can
 * settle ambiguous attempts before re-posting.
 */
import type { AxiosInstance } from 'axios';
import type { Clock } from '../../../clock';
import type { Logger } from '../../../logger';
import { authorizedExchange, header } from '../authorized-request';
import type { EpicConnectionConfig } from '../config';
import { externalIdFor } from '../external-id';
import { parseRetryAfter } from '../retry-after';
import type { ConnectorRegistration } from '../registry';
import type { TokenProvider } from '../token-provider';
import type {
  EhrConnector,
  LookupResult,
  PostableEvent,
  PostResult,
  PreparedRequest,
  PrepareResult,
  SendOptions,
} from '../types';
import { epicError } from './classify-response';
import { readLookupAnswer } from './lookup-answer';
import { mapEpicPayment } from './payment-request';

export interface EpicConnectorDeps {
  readonly config: EpicConnectionConfig;
  readonly http: AxiosInstance;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly logger: Logger;
}

const JSON_TYPE = 'application/json';

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The registration (registry.ts): Epic's own connector, chosen by every Epic connection by default. */
export const epicConnector: ConnectorRegistration<'epic'> = {
  name: 'epic',
  ehr: 'epic',
  create: (parts) => createEpicConnector(parts),
};

export function createEpicConnector(deps: EpicConnectorDeps): EhrConnector {
  const { config, http, tokens, clock, logger } = deps;
  const base = config.baseUrl.replace(/\/+$/, '');
  const postUrl = `${base}${config.paths.post}`;
  const lookupUrl = `${base}${config.paths.lookup}`;

  const errorFrom = (status: number, body: string, headers: Parameters<typeof header>[0]) =>
    epicError(status, body, parseRetryAfter(header(headers, 'retry-after'), clock), clock, config.timeZone);

  function prepare(event: PostableEvent): PrepareResult {
    const mapped = mapEpicPayment(event, config);
    if (!mapped.ok) return mapped;
    return {
      ok: true,
      request: {
        method: 'POST',
        url: postUrl,
        externalId: mapped.externalId,
        contentType: JSON_TYPE,
        body: mapped.body,
      },
    };
  }

  async function send(request: PreparedRequest, options?: SendOptions): Promise<PostResult> {
    const result = await authorizedExchange(
      http,
      tokens,
      { method: 'POST', url: request.url, body: request.body, contentType: JSON_TYPE, accept: JSON_TYPE },
      options,
    );
    if (!result.ok) {
      logger.warn({ connection: config.id, code: result.error.code }, 'epic post failed without an answer');
      return result;
    }
    if (result.status === 200 || result.status === 201) {
      const body = parseObject(result.body);
      const paymentId = typeof body?.PaymentID === 'string' && body.PaymentID !== '' ? body.PaymentID : null;
      if (!paymentId) logger.warn({ connection: config.id }, 'epic accepted a payment without a PaymentID');
      // 200 rather than 201: Epic answered with a payment it already had for this external id.
      return {
        ok: true,
        ehrReference: paymentId,
        httpStatus: result.status,
        existing: result.status === 200,
      };
    }
    const error = errorFrom(result.status, result.body, result.headers);
    logger.info({ connection: config.id, status: result.status, code: error.code }, 'epic refused a payment');
    return { ok: false, error };
  }

  async function lookup(externalId: string, options?: SendOptions): Promise<LookupResult> {
    const url = `${lookupUrl}?${new URLSearchParams({ ExternalTransactionID: externalId }).toString()}`;
    const result = await authorizedExchange(http, tokens, { method: 'GET', url, accept: JSON_TYPE }, options);
    if (!result.ok) return result;
    if (result.status !== 200)
      return { ok: false, error: errorFrom(result.status, result.body, result.headers) };
    return readLookupAnswer(result.body, externalId);
  }

  return {
    connectionId: config.id,
    ehr: 'epic',
    capabilities: { lookup: true, serverDedupesOnExternalId: config.dedupesOnExternalId },
    prepare,
    send,
    async post(event, options) {
      const prepared = prepare(event);
      if (!prepared.ok) return prepared;
      return send(prepared.request, options);
    },
    lookup,
    externalIdFor,
    close() {
      /* no pooled sockets: keep-alive is off */
    },
  };
}
