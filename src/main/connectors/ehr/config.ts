/**
 * One EHR connection's settings. The rules themselves live in `shared/ehr-connection.ts` (the renderer's
 * connection editor shows the same ones); here main parses with them. The client secret is supplied by the
 * caller (the vault); it is never logged and never written back out by `redactConnection`.
 */
import { ehrConnectionSchema, type EhrConnectionConfig } from '../../../shared/ehr-connection';

export {
  ehrConnectionSchema,
  epicConnectionSchema,
  oracleConnectionSchema,
  oracleSiteSchema,
  type EhrConnectionConfig,
  type EhrConnectionInput,
  type EpicConnectionConfig,
  type OracleConnectionConfig,
  type OracleMethodCode,
  type OracleSite,
} from '../../../shared/ehr-connection';

export function parseConnection(input: unknown): EhrConnectionConfig {
  return ehrConnectionSchema.parse(input);
}

export const DEFAULT_SCOPE: Readonly<Record<EhrConnectionConfig['ehr'], string>> = {
  // Oracle requires the Basic scope in addition to the FinancialTransaction scope.
  oracle_health: 'system/Basic.write system/FinancialTransaction.write',
  epic: 'system/Billing.write system/Billing.read',
};

/** The connection as it may be shown or logged: the secret replaced. */
export function redactConnection<T extends { clientSecret: string }>(config: T): T {
  return { ...config, clientSecret: '[redacted]' };
}
