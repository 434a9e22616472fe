/**
 * Oracle Health Millennium connector: FinancialTransaction create. Millennium documents no read or search
 * of posted transactions, so `lookup` is not available; whether a site refuses a repeated identifier is a
 * per-site setting (`dedupesOnExternalId`).
 */
import type { AxiosInstance } from 'axios';
import type { Clock } from '../../../clock';
import type { Logger } from '../../../logger';
import { authorizedExchange, header } from '../authorized-request';
import type { OracleConnectionConfig } from '../config';
import type { ConnectorRegistration } from '../registry';
import { ehrError } from '../errors';
import { externalIdFor } from '../external-id';
import { parseRetryAfter } from '../retry-after';
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
import { oracleError } from './classify-response';
import { FHIR_JSON, mapFinancialTransaction, referenceFromLocation } from './financial-transaction';

export interface OracleConnectorDeps {
  readonly config: OracleConnectionConfig;
  readonly http: AxiosInstance;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function basicEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/Basic`;
}

/** The registration (registry.ts): Oracle Health's own connector, chosen by its connections by default. */
export const oracleHealthConnector: ConnectorRegistration<'oracle_health'> = {
  name: 'oracle_health',
  ehr: 'oracle_health',
  create: (parts) => createOracleConnector(parts),
};

export function createOracleConnector(deps: OracleConnectorDeps): EhrConnector {
  const { config, http, tokens, clock, logger } = deps;
  const url = basicEndpoint(config.baseUrl);

  function prepare(event: PostableEvent): PrepareResult {
    const mapped = mapFinancialTransaction(event, config);
    if (!mapped.ok) return mapped;
    return {
      ok: true,
      request: {
        method: 'POST',
        url,
        externalId: mapped.externalId,
        contentType: FHIR_JSON,
        body: mapped.body,
      },
    };
  }

  async function send(request: PreparedRequest, options?: SendOptions): Promise<PostResult> {
    const result = await authorizedExchange(
      http,
      tokens,
      { method: 'POST', url: request.url, body: request.body, contentType: FHIR_JSON, accept: FHIR_JSON },
      options,
    );
    if (!result.ok) {
      logger.warn(
        { connection: config.id, code: result.error.code },
        'oracle health post failed without an answer',
      );
      return result;
    }
    if (result.status === 201 || result.status === 200) {
      const ehrReference = referenceFromLocation(header(result.headers, 'location'));
      if (!ehrReference)
        logger.warn({ connection: config.id }, 'oracle health accepted a posting without a Location');
      return { ok: true, ehrReference, httpStatus: result.status, existing: false };
    }
    const error = oracleError(
      result.status,
      result.body,
      parseRetryAfter(header(result.headers, 'retry-after'), clock),
    );
    logger.info(
      { connection: config.id, status: result.status, code: error.code },
      'oracle health refused a posting',
    );
    return { ok: false, error };
  }

  return {
    connectionId: config.id,
    ehr: 'oracle_health',
    capabilities: { lookup: false, serverDedupesOnExternalId: config.dedupesOnExternalId },
    prepare,
    send,
    async post(event, options) {
      const prepared = prepare(event);
      if (!prepared.ok) return prepared;
      return send(prepared.request, options);
    },
    lookup(): Promise<LookupResult> {
      return Promise.resolve({
        ok: false,
        error: ehrError('not_supported', {
          message:
            'Oracle Health documents no search of posted FinancialTransactions; check the EHR by hand.',
        }),
      });
    },
    externalIdFor,
    close() {
      /* no pooled sockets: keep-alive is off */
    },
  };
}
