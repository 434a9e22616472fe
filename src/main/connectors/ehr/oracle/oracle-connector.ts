/**
 * Oracle Health Millennium connector: FinancialTransaction create. Millennium documents no read or search
 * of posted transactions, so `lookup` is not available; whether a site refuses a repeated identifier is a
 * per-site setting (`dedupesOnExternalId`).
 */
import type { AxiosInstance } from 'axios';
import type { Clock } from '../../../clock';
import type { Logger } from '../../../logger';
import { header } from '../authorized-request';
import type { OracleConnectionConfig } from '../config';
import { createPostingConnector } from '../posting-connector';
import type { ConnectorRegistration } from '../registry';
import { parseRetryAfter } from '../retry-after';
import type { TokenProvider } from '../token-provider';
import type { EhrConnector } from '../types';
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
  const { config, clock } = deps;
  return createPostingConnector({
    ...deps,
    ehr: 'oracle_health',
    label: 'oracle health',
    postUrl: basicEndpoint(config.baseUrl),
    contentType: FHIR_JSON,
    map: (event) => mapFinancialTransaction(event, config),
    // Millennium answers a create with the new resource's Location and no body.
    accepted: (answer) => ({
      ehrReference: referenceFromLocation(header(answer.headers, 'location')),
      existing: false,
    }),
    refused: (answer) =>
      oracleError(answer.status, answer.body, parseRetryAfter(header(answer.headers, 'retry-after'), clock)),
    lookup: 'Oracle Health documents no search of posted FinancialTransactions; check the EHR by hand.',
  });
}
