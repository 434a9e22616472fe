/** EHR connectors: what the engine and the app import. */
export type {
  ConnectorCapabilities,
  EhrConnector,
  EhrError,
  EhrErrorCode,
  LookupResult,
  PostableEvent,
  PostResult,
  PreparedRequest,
  PrepareResult,
  SendOptions,
} from './types';
export { EHR_ERROR_CODES } from './types';
export { createConnector, type ConnectorDeps, type CreatedConnector } from './create-connector';
export { registerConnector, type ConnectorParts, type ConnectorRegistration } from './registry';
export {
  ehrConnectionSchema,
  epicConnectionSchema,
  oracleConnectionSchema,
  parseConnection,
  redactConnection,
  type EhrConnectionConfig,
  type EhrConnectionInput,
  type EpicConnectionConfig,
  type OracleConnectionConfig,
} from './config';
export { createTokenProvider, type TokenProvider, type TokenResult } from './token-provider';
export { createHttpClient } from './http-client';
export { ehrError } from './errors';
export { NEXT_STEP } from './next-steps';
export { parseRetryAfter } from './retry-after';
export { externalIdFor } from './external-id';
export { mapFinancialTransaction, referenceFromLocation } from './oracle/financial-transaction';
export { mapEpicPayment } from './epic/payment-request';
