/** What the posting engine is built from: its EHR connections, the store and the lease and poll times. */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { EhrConnector } from '../connectors/ehr';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type { BreakerSettings } from './endpoint-guard';
import type { RoutingTable } from './routing';
import type { RetryPolicy } from './schedule';

/** One EHR connection as the engine drives it: its connector, the facilities it posts for and its limits. */
export interface EngineConnection {
  readonly connector: EhrConnector;
  readonly name: string;
  /** Facilities this connection posts for; empty means every facility of its EHR. */
  readonly facilities: readonly string[];
  readonly policy: RetryPolicy & { readonly notApplicableWindowMs: number };
  /** At most this many requests in flight to the endpoint. */
  readonly concurrency: number;
  /** At most this many requests started per second; null for no cap. */
  readonly ratePerSecond: number | null;
  readonly breaker: BreakerSettings;
  /** The longest one request may take (connect and response timeouts): a lease always outlasts it. */
  readonly requestTimeoutMs?: number;
  /** True only for the built-in sandbox's simulated EHRs: the one place synthetic payments may go. */
  readonly sandbox?: boolean;
}

export interface EngineOptions {
  readonly db: Database;
  readonly repos: Repositories;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connections: readonly EngineConnection[];
  readonly routing: RoutingTable;
  readonly random?: () => number;
  /**
   * How long a claim is held at least (longer when a connection's requests may take longer); renewed while
   * its requests are in flight. Another engine's claims are recovered every half of this.
   */
  readonly leaseMs?: number;
  /** How often the engine looks for newly due work when nothing wakes it. */
  readonly pollMs?: number;
  /**
   * This engine holds the data folder's engine lock: no other engine lives, so at start every claim left in
   * flight belongs to a dead process and is recovered at once, without waiting for its lease to run out.
   */
  readonly exclusive?: boolean;
}

export interface EngineEvents {
  /** Postings that just reached Failure (for the notification digest). */
  failed: [postingIds: number[]];
}

const DEFAULT_LEASE_MS = 120_000;

/**
 * Queued events admitted in one transaction on the engine's thread. Admission costs about 30 µs an event, and
 * while a batch runs no answer from an EHR is taken in and no freed slot sends: a few milliseconds at a time
 * keeps the requests flowing while a burst (an import of 50,000 rows) is admitted.
 */
export const ADMIT_PER_TURN = 100;

/**
 * The longest an item claimed ahead of a free slot (engine/claiming.ts) waits before it is sent; one that
 * waited longer goes back unsent. Its attempt was recorded at the claim, so after a crash recovery counts
 * this wait beside the request's own timeout before it looks the payment up (engine/recovery.ts): a request
 * sent late must have had its time to land.
 */
export const CLAIMED_AHEAD_MAX_WAIT_MS = 30_000;
/** Assumed for a connection that does not say how long its requests may take. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 35_000;

/**
 * A claim's lease, longer than any connection's request so that a slow answer is never taken for a dead
 * engine, and how often other engines' claims are recovered (every half of the lease asked for).
 */
export function leaseTimes(options: Pick<EngineOptions, 'connections' | 'leaseMs'>): {
  readonly leaseMs: number;
  readonly recoverEveryMs: number;
} {
  const longestRequest = Math.max(
    0,
    ...options.connections.map((c) => c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
  );
  const minimumLease = options.leaseMs ?? DEFAULT_LEASE_MS;
  // A wait for a free slot (claimed ahead), two requests back to back (a lookup, then the post) and a
  // renewal's worth of slack.
  const held = CLAIMED_AHEAD_MAX_WAIT_MS + 2 * longestRequest + 30_000;
  return { leaseMs: Math.max(minimumLease, held), recoverEveryMs: minimumLease / 2 };
}
