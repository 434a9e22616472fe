/**
 * The engine's view of each configured EHR connection: its connector, whether it is the running sandbox's own
 * (only those may take synthetic payments, engine/admission.ts), its retry policy and its endpoint's limits.
 */
import type { Clock } from './clock';
import { createConnector, type EhrConnectionInput } from './connectors/ehr';
import type { EngineConnection } from './engine/engine';
import { DEFAULT_BACKOFF } from './engine/schedule';
import type { Logger } from './logger';
import { ENDPOINT_DEFAULTS, type AppOptions } from './app-options';

export function engineConnectionsFor(
  inputs: readonly EhrConnectionInput[],
  sandboxIds: ReadonlySet<string>,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly engine: AppOptions['engine'] },
): EngineConnection[] {
  return inputs.map((input) => {
    const { connector, config } = createConnector(input, deps);
    return {
      connector,
      sandbox: sandboxIds.has(config.id),
      name: config.name,
      facilities: config.ehr === 'oracle_health' ? Object.keys(config.sites) : [],
      policy: { ...config.retry, ...(deps.engine?.backoff ?? DEFAULT_BACKOFF) },
      requestTimeoutMs: config.connectTimeoutMs + config.responseTimeoutMs,
      ...ENDPOINT_DEFAULTS,
      ...deps.engine?.endpoint,
    };
  });
}
