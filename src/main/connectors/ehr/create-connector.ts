/** The factory the engine calls: one connector (with its own token cache and HTTP client) per connection. */
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { DEFAULT_SCOPE, parseConnection, type EhrConnectionConfig, type EhrConnectionInput } from './config';
import { createHttpClient } from './http-client';
import { connectorFor } from './registry';
import { createTokenProvider, type TokenProvider } from './token-provider';
import type { EhrConnector } from './types';

export interface ConnectorDeps {
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface CreatedConnector {
  readonly connector: EhrConnector;
  readonly tokens: TokenProvider;
  readonly config: EhrConnectionConfig;
}

export function createConnector(
  input: EhrConnectionInput | EhrConnectionConfig,
  deps: ConnectorDeps,
): CreatedConnector {
  const config = parseConnection(input);
  // Before any client is built: a connection naming an unknown connector fails with a clear sentence.
  const registration = connectorFor(config);
  const logger = deps.logger.child({ scope: 'ehr', connection: config.id, ehr: config.ehr });
  const http = createHttpClient({
    connectTimeoutMs: config.connectTimeoutMs,
    responseTimeoutMs: config.responseTimeoutMs,
  });
  const tokens = createTokenProvider({
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scope: config.scope ?? DEFAULT_SCOPE[config.ehr],
    clientAuth: config.clientAuth,
    skewMs: config.tokenSkewMs,
    http,
    clock: deps.clock,
    logger,
  });
  const connector = registration.create({ config, http, tokens, clock: deps.clock, logger });
  return { connector, tokens, config };
}
