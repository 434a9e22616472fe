/**
 * The engine's rooms, wired to its connections and its writer: admission, settlement, sending, recovery and
 * the Not Applicable windows. Built once by the engine; what they write is announced through `changed`.
 */
import type { Database } from 'better-sqlite3';
import type { PaymentEvent } from '../../shared/domain';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import { notApplicableWindowsRepository } from '../store/repositories/not-applicable-windows';
import type { PostingWorkRepository } from '../store/repositories/posting-work';
import { createAdmission } from './admission';
import { DEFAULT_REQUEST_TIMEOUT_MS, type EngineConnection } from './engine-options';
import type { EngineWriter } from './engine-writer';
import { createNotApplicableWindows } from './not-applicable-windows';
import { createRecovery } from './recovery';
import type { RoutingTable } from './routing';
import { createSending } from './sending';
import { createSettlement } from './settlement';

export type ChangedTable = 'postings' | 'attempts' | 'audit_events';

export interface EngineRoomsDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly routing: RoutingTable;
  readonly work: PostingWorkRepository;
  readonly writer: EngineWriter;
  /** The engine's connections by id (read when asked, not copied). */
  readonly connections: ReadonlyMap<string, EngineConnection>;
  /** Who this engine's claims belong to now (it changes when the writer thread crashed). */
  readonly owner: () => string;
  readonly changed: (...tables: ChangedTable[]) => void;
  /** Postings that just reached Failure. */
  readonly failed: (postingIds: number[]) => void;
}

/** The connection that posts an event: its EHR's, for its facility (or for every facility). */
export function connectionFor(
  connections: ReadonlyMap<string, EngineConnection>,
  event: PaymentEvent,
): EngineConnection | undefined {
  return [...connections.values()].find(
    (c) =>
      c.connector.ehr === event.ehr && (c.facilities.length === 0 || c.facilities.includes(event.facility)),
  );
}

export function createEngineRooms(deps: EngineRoomsDeps) {
  const { db, repos, clock, logger, routing, writer, connections, changed } = deps;
  const admission = createAdmission({
    db,
    repos,
    work: deps.work,
    routing,
    connectionFor: (event) => connectionFor(connections, event)?.connector.connectionId ?? null,
    isSandboxConnection: (id) => connections.get(id)?.sandbox === true,
  });
  const settlement = createSettlement({
    repos,
    writer,
    clock,
    logger,
    changed,
    failed: (id) => deps.failed([id]),
  });
  const sending = createSending({
    writer,
    clock,
    recorded: () => changed('attempts'),
  });
  const recovery = createRecovery({
    writer,
    clock,
    logger,
    owner: deps.owner,
    connectionIds: () => [...connections.keys()],
    capabilitiesOf: (id) => connections.get(id)?.connector.capabilities,
    requestBoundOf: (id) => connections.get(id)?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    defaultRequestBoundMs: DEFAULT_REQUEST_TIMEOUT_MS,
  });
  const windowConnection = (c: EngineConnection | undefined) =>
    c && { connector: c.connector, notApplicableWindowMs: c.policy.notApplicableWindowMs };
  const windows = createNotApplicableWindows({
    repo: notApplicableWindowsRepository(db, repos.audit),
    repos,
    routing,
    clock,
    logger,
    connectionFor: (event) => windowConnection(connectionFor(connections, event)),
    connectionById: (id) => windowConnection(connections.get(id)),
    isSandboxConnection: (id) => connections.get(id)?.sandbox === true,
  });
  return { admission, settlement, sending, recovery, windows };
}
