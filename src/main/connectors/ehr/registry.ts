/**
 * The EHR connectors Clearpost knows, by name. A connection chooses one with its `connector` setting, or
 * gets the one named after its EHR. Adding a connector is a folder with its `ConnectorRegistration` and one
 * `registerConnector` line below (docs/architecture.md, "Adding an EHR connector").
 */
import type { AxiosInstance } from 'axios';
import type { EhrSystem } from '../../../shared/domain';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { EhrConnectionConfig } from './config';
import { epicConnector } from './epic/epic-connector';
import { oracleHealthConnector } from './oracle/oracle-connector';
import type { TokenProvider } from './token-provider';
import type { EhrConnector } from './types';

/** What every connector is built from: its connection's settings and the shared HTTP, token and clock. */
export interface ConnectorParts<E extends EhrSystem = EhrSystem> {
  readonly config: Extract<EhrConnectionConfig, { ehr: E }>;
  readonly http: AxiosInstance;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ConnectorRegistration<E extends EhrSystem = EhrSystem> {
  /** What a connection's `connector` setting names it by; the built-ins are named after their EHR. */
  readonly name: string;
  /** The EHR whose payments it posts: routing, the settings schema and the operator's words follow it. */
  readonly ehr: E;
  create(parts: ConnectorParts<E>): EhrConnector;
}

const registered = new Map<string, ConnectorRegistration>();

/** Adds a connector; a second one under a taken name is refused rather than silently replacing it. */
export function registerConnector<E extends EhrSystem>(registration: ConnectorRegistration<E>): void {
  const name = registration.name;
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(name))
    throw new Error(`A connector's name is lower-case letters, digits, - or _ ("${name}" is not)`);
  if (registered.has(name)) throw new Error(`A connector named "${name}" is already registered`);
  // Widened for the map: connectorFor calls `create` only with a connection of the registration's own EHR.
  registered.set(name, registration as unknown as ConnectorRegistration);
}

registerConnector(oracleHealthConnector);
registerConnector(epicConnector);

/** The connector a connection names (or its EHR's own), checked to post to the connection's EHR. */
export function connectorFor(config: EhrConnectionConfig): ConnectorRegistration {
  const name = config.connector ?? config.ehr;
  const registration = registered.get(name);
  if (!registration) {
    const known = [...registered.keys()].join(', ');
    throw new Error(`Connection "${config.id}" names the connector "${name}", which is not one of: ${known}`);
  }
  if (registration.ehr !== config.ehr) {
    throw new Error(
      `Connection "${config.id}" is for ${config.ehr}, but the connector "${name}" posts to ${registration.ehr}`,
    );
  }
  return registration;
}
