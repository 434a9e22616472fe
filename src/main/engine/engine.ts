/**
 * The posting engine: a durable job runner over the `postings` table, built from rooms —
 * admission (event → posting), claiming (due work under a fenced lease), the decision (pure: send, look up
 * first, or settle without sending), settlement (the new state, fenced on the claim) and recovery (what a
 * dead engine left in flight), with sending (each request recorded first). This file only runs them: one wake
 * verb, one claim path, the items in flight.
 * Nothing here holds a transaction across a network call, and nothing re-sends a payment the EHR may already
 * have without checking first.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { EngineStatus } from '../../shared/contract';
import type { PaymentEvent } from '../../shared/domain';
import type { EventBus } from '../lib/event-bus';
import type { Clock } from '../clock';
import type { EhrConnector, EhrError } from '../connectors/ehr';
import type { Logger } from '../logger';
import { isDiskFull } from '../store/disk-full';
import type { Repositories } from '../store/repositories';
import {
  LeaseLost,
  postingWorkRepository,
  type ClaimedPosting,
  type Lease,
} from '../store/repositories/posting-work';
import { WriterStopped } from '../store/writer-thread';
import { createAdmission } from './admission';
import { classifyError, classifyLookup, classifyPost } from './classify';
import { afterLookup, firstStep, settlementFor, type SettleContext } from './decision';
import { EndpointGuard, type BreakerSettings } from './endpoint-guard';
import { createNotApplicableWindows } from './not-applicable-windows';
import { notApplicableWindowsRepository } from '../store/repositories/not-applicable-windows';
import { engineWriter, type EngineWriter } from './engine-writer';
import type { PreparedPost } from './engine-writes';
import { createRecovery } from './recovery';
import type { RoutingTable } from './routing';
import type { RetryPolicy } from './schedule';
import { createSending, describeRequest, withTenderDetails, type ReadyToSend } from './sending';
import { createSettlement } from './settlement';

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
const WINDOW_SWEEP_MS = 60_000;
/** Assumed for a connection that does not say how long its requests may take. */
const DEFAULT_REQUEST_TIMEOUT_MS = 35_000;

export class PostingEngine {
  readonly events = new EventEmitter<EngineEvents>();
  /** The main connection's reads of due work (the writes go to the writer). */
  private readonly work;
  /**
   * Every durable write of the engine (claims, attempts, settlements, put-backs, recovery, renewals) runs on
   * this writer thread, at synchronous = FULL on its own connection; those asked for together share a commit.
   */
  private readonly writer: EngineWriter;
  /**
   * Who this engine's claims belong to. A new one after the writer thread crashed: claims it may have
   * committed unanswered are then another engine's, recovered once their lease runs out.
   */
  private owner = randomUUID();
  /** The last lease token handed out to this owner's claims. */
  private lastToken = 0;
  private readonly guards = new Map<string, EndpointGuard>();
  private readonly connections = new Map<string, EngineConnection>();
  private readonly admission;
  private readonly settlement;
  private readonly recovery;
  private readonly sending;
  private readonly random: () => number;
  /** A claim's lease: longer than any connection's request, so a slow answer is never taken for a dead engine. */
  private readonly leaseMs: number;
  private readonly recoverEveryMs: number;
  /** Items being worked on (their sends and settlements). */
  private readonly inFlight = new Set<Promise<void>>();
  /** Claims waiting for their commit (and the launch of what they claimed). */
  private readonly claims = new Set<Promise<number>>();
  private state: EngineStatus['state'] = 'stopped';
  private timer: NodeJS.Timeout | null = null;
  private cycling = false;
  private wakeScheduled = false;
  /** Per connection, its claim waiting for the writer's commit, not yet launched. */
  private readonly claiming = new Map<string, Promise<number>>();
  /** Connections that had room again while their claim was pending: claim again once it has launched. */
  private readonly claimAgain = new Set<string>();
  /** Own claims whose outcome the store refused to write (a full disk): recovered once it takes writes. */
  private readonly abandoned = new Map<number, Lease>();
  private recoveringAbandoned = false;
  private recoveredAt = 0;
  /** Not Applicable windows that ended are evaluated at most this often (engine/not-applicable-windows.ts). */
  private readonly windows;
  private windowsSweptAt = 0;
  private renewedAt = 0;
  private changed = new Set<'postings' | 'attempts' | 'audit_events'>();

  constructor(private readonly options: EngineOptions) {
    const { db, repos, clock, logger } = options;
    this.work = postingWorkRepository(db);
    this.writer = engineWriter(db, (error) => {
      logger.error(
        { err: error },
        'the engine writer thread stopped; its claims are recovered when their lease ends',
      );
      this.owner = randomUUID();
      this.lastToken = 0;
    });
    this.random = options.random ?? Math.random;
    const longestRequest = Math.max(
      0,
      ...options.connections.map((c) => c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    );
    const minimumLease = options.leaseMs ?? DEFAULT_LEASE_MS;
    // Two requests back to back (a lookup, then the post) and a renewal's worth of slack.
    this.leaseMs = Math.max(minimumLease, 2 * longestRequest + 30_000);
    this.recoverEveryMs = minimumLease / 2;
    for (const connection of options.connections) {
      const id = connection.connector.connectionId;
      this.connections.set(id, connection);
      this.guards.set(id, new EndpointGuard(connection, clock, () => this.publishStatus()));
    }
    const changed = (...tables: ('postings' | 'attempts' | 'audit_events')[]) => {
      for (const table of tables) this.changed.add(table);
    };
    this.admission = createAdmission({
      db,
      repos,
      work: this.work,
      routing: options.routing,
      connectionFor: (event) => this.connectionFor(event)?.connector.connectionId ?? null,
      isSandboxConnection: (id) => this.connections.get(id)?.sandbox === true,
    });
    this.settlement = createSettlement({
      repos,
      writer: this.writer,
      clock,
      logger,
      changed,
      failed: (id) => this.events.emit('failed', [id]),
    });
    this.sending = createSending({
      writer: this.writer,
      clock,
      recorded: () => changed('attempts'),
    });
    this.recovery = createRecovery({
      writer: this.writer,
      clock,
      logger,
      owner: () => this.owner,
      connectionIds: () => [...this.connections.keys()],
      capabilitiesOf: (id) => this.connections.get(id)?.connector.capabilities,
      requestBoundOf: (id) => this.connections.get(id)?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      defaultRequestBoundMs: DEFAULT_REQUEST_TIMEOUT_MS,
    });
    const windowConnection = (c: EngineConnection | undefined) =>
      c && { connector: c.connector, notApplicableWindowMs: c.policy.notApplicableWindowMs };
    this.windows = createNotApplicableWindows({
      repo: notApplicableWindowsRepository(db, repos.audit),
      repos,
      routing: options.routing,
      clock,
      logger,
      connectionFor: (event) => windowConnection(this.connectionFor(event)),
      connectionById: (id) => windowConnection(this.connections.get(id)),
      isSandboxConnection: (id) => this.connections.get(id)?.sandbox === true,
    });
  }

  /**
   * Starts claiming work. Resolves once what a dead engine left in flight is recovered (or that failed and
   * was logged: it is tried again at the next recovery); that is written before any claim of this start,
   * since the writer runs writes in the order they were asked for.
   */
  start(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    this.state = 'running';
    const recovered = this.recover(this.options.exclusive === true);
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 500);
    this.timer.unref();
    this.publishStatus();
    this.wake();
    return recovered.then(() => undefined);
  }

  /** Stops claiming work and waits for the requests already sent to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = 'stopped';
    // Claims finishing now put their items back rather than send them (the state is no longer running).
    await Promise.allSettled([...this.claims]);
    await Promise.allSettled([...this.inFlight]);
    await this.writer.drain();
    this.flushChanges();
    this.publishStatus();
  }

  status(): EngineStatus {
    return {
      state: this.state,
      inFlight: this.inFlight.size,
      updatedAt: this.options.clock.now(),
      connections: [...this.connections.values()].map((c) => {
        const guard = this.guards.get(c.connector.connectionId);
        return {
          id: c.connector.connectionId,
          ehr: c.connector.ehr,
          name: c.name,
          state: guard?.health() ?? 'unknown',
          breaker: guard?.breakerState() ?? 'closed',
        };
      }),
    };
  }

  /** Routes a stored payment event and creates its posting (once: an event has one posting). */
  admit(eventId: number): number {
    const id = this.admission.admitOne(eventId, this.options.clock.now());
    this.changed.add('postings').add('audit_events');
    this.flushChanges();
    this.wake();
    return id;
  }

  /** Admits events queued by intake (in this process or another, such as `clearpost import`), in one commit. */
  admitQueued(limit = 500): number {
    const admitted = this.admission.admitQueued(this.options.clock.now(), limit);
    if (admitted > 0) this.changed.add('postings').add('audit_events');
    return admitted;
  }

  /**
   * The one way to ask the engine to look for work: after the current synchronous work (and any transaction
   * around it) is done. Wakes asked for in the same turn (many sends finishing together) make one cycle.
   */
  wake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      void this.cycle();
    });
  }

  /**
   * Runs until nothing more can start at the clock's current time and nothing is in flight (tests,
   * shutdown). Work held back by a guard (open breaker, rate cap) waits for `resumesAt()`.
   */
  async waitForIdle(): Promise<void> {
    for (;;) {
      const claimed = await this.cycle();
      if (claimed === 0 && this.inFlight.size === 0 && this.claims.size === 0) return;
      await Promise.race([...this.inFlight, ...this.claims]);
    }
  }

  /** The earliest time a guard lets held-back work go again (a breaker's probe, the rate cap); null if none. */
  resumesAt(): number | null {
    const times = [...this.guards.values()]
      .map((g) => g.blockedUntil())
      .filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /** Recovers other engines' claims whose lease ran out; resolves with how many (0 when it failed). */
  recoverStranded(): Promise<number> {
    return this.recover(false);
  }

  /** A failure (the database busy or full) is logged and tried again at the next recovery. */
  private async recover(all: boolean): Promise<number> {
    this.recoveredAt = this.options.clock.now();
    try {
      const count = await this.recovery.recover(all);
      if (count > 0) {
        this.changed.add('postings').add('attempts').add('audit_events');
        this.flushChanges();
      }
      return count;
    } catch (error) {
      this.options.logger.error({ err: error }, 'recovering stranded postings failed; trying again later');
      return 0;
    }
  }

  /**
   * One look for work: recover, renew, admit, then claim for every connection with room. Resolves with how
   * many items were claimed. A failure here (the database busy or full) is logged and tried again at the next
   * wake; it never ends the process.
   */
  private async cycle(): Promise<number> {
    if (this.state !== 'running' || this.cycling) return 0;
    this.cycling = true;
    const claims: Promise<number>[] = [];
    try {
      const now = this.options.clock.now();
      if (now - this.recoveredAt >= this.recoverEveryMs) void this.recover(false);
      if (this.abandoned.size > 0 && !this.recoveringAbandoned) void this.recoverAbandoned();
      if (now - this.renewedAt >= this.leaseMs / 4) this.renewLeases(now);
      this.admitQueued();
      if (now - this.windowsSweptAt >= WINDOW_SWEEP_MS) this.sweepWindows(now);
      for (const connection of this.connections.values()) claims.push(this.claimFor(connection));
    } catch (error) {
      this.options.logger.error({ err: error }, 'looking for work failed; trying again at the next poll');
    } finally {
      this.cycling = false;
    }
    this.flushChanges();
    const counts = await Promise.all(claims);
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /**
   * The store refused to write what happened to a claimed item (a full disk). Nothing more is sent for it; it
   * keeps its claim, and once the store takes writes again it is recovered like a dead engine's item (an open
   * attempt is checked with the EHR before anything is sent again), rather than parked for a person.
   */
  private abandon(item: ClaimedPosting, error: unknown): void {
    this.options.logger.error(
      { err: error, postingId: item.id },
      'posting outcome not recorded (the store refused the write); recovered once it takes writes again',
    );
    this.abandoned.set(item.id, item.lease);
  }

  /** Its own failure (the store still refusing) is logged and tried again next cycle; other work goes on. */
  private async recoverAbandoned(): Promise<void> {
    const claims = [...this.abandoned];
    this.recoveringAbandoned = true;
    try {
      await this.recovery.recoverAbandoned(claims);
    } catch (error) {
      this.options.logger.warn({ err: error, count: claims.length }, 'abandoned claims not recovered yet');
      return;
    } finally {
      this.recoveringAbandoned = false;
    }
    for (const [id] of claims) this.abandoned.delete(id);
    this.changed.add('postings').add('attempts').add('audit_events');
    this.flushChanges();
  }

  /** Not Applicable items whose window ended: back in the queue, or Failure (announced in the digest). */
  sweepWindows(now = this.options.clock.now()): { requeued: number[]; failed: number[] } {
    this.windowsSweptAt = now;
    const moved = this.windows.sweep();
    if (moved.requeued.length + moved.failed.length > 0) this.changed.add('postings').add('audit_events');
    if (moved.failed.length > 0) this.events.emit('failed', moved.failed);
    return moved;
  }

  /** Claims held by this engine are extended while their requests are in flight. */
  private renewLeases(now: number): void {
    this.renewedAt = now;
    if (this.inFlight.size === 0 && this.claiming.size === 0) return;
    void this.writer
      .run('renewLeases', this.owner, now + this.leaseMs)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'renewing leases failed'));
  }

  /**
   * Claims a connection's due work in the writer's next commit, together with the settlements of this turn.
   * While the breaker is closed, plain posts get their attempt recorded in that same commit: their requests
   * are prepared here first, from the due rows as this thread reads them, and the writer records an attempt
   * only for an item it claimed still as it was read (else the item goes the long way through `process`).
   */
  private claimFor(connection: EngineConnection): Promise<number> {
    const id = connection.connector.connectionId;
    const guard = this.guards.get(id);
    if (!guard || this.state !== 'running') return Promise.resolve(0);
    // One claim at a time per connection: items claimed but not launched yet do not count against the room.
    // A slot freed meanwhile is claimed right after it.
    const pending = this.claiming.get(id);
    if (pending) {
      this.claimAgain.add(id);
      return pending;
    }
    const room = guard.room();
    if (room <= 0) return Promise.resolve(0);
    const now = this.options.clock.now();
    const owner = this.owner;
    const firstToken = this.lastToken + 1;
    this.lastToken += room;
    let prepared = new Map<number, PreparedPost & { readonly prepared: ReadyToSend['request'] }>();
    const task = Promise.resolve()
      .then(() => {
        prepared = guard.breakerState() === 'closed' ? this.preparePosts(connection, now, room) : prepared;
        return this.writer.run('claim', {
          connectionId: id,
          now,
          limit: room,
          owner,
          leaseUntil: now + this.leaseMs,
          firstToken,
          posts: [...prepared.values()].map(({ prepared: _, ...post }) => post),
        });
      })
      .then((claimed) => {
        for (const { item, attemptId } of claimed) {
          const post = prepared.get(item.id);
          const ready =
            attemptId !== null && post ? this.sending.recordedWithClaim(post.prepared, attemptId, now) : null;
          if (this.state === 'running') this.launch(connection, guard, item, ready);
          else
            void this.settlement
              .putBack(item, ready?.attemptId ?? null)
              .catch((error: unknown) => this.abandon(item, error));
        }
        return claimed.length;
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, connectionId: id }, 'claiming due postings failed');
        return 0;
      })
      .finally(() => {
        this.claiming.delete(id);
        this.claims.delete(task);
        if (this.claimAgain.delete(id)) void this.claimFor(connection);
        this.flushChanges();
      });
    this.claiming.set(id, task);
    this.claims.add(task);
    return task;
  }

  /**
   * The plain posts (no earlier doubt, inside their window, mapping cleanly) among the connection's due
   * rows, each with its request prepared: the claim records their attempts in its own commit.
   */
  private preparePosts(
    connection: EngineConnection,
    now: number,
    limit: number,
  ): Map<number, PreparedPost & { readonly prepared: ReadyToSend['request'] }> {
    const { repos } = this.options;
    const posts = new Map<number, PreparedPost & { readonly prepared: ReadyToSend['request'] }>();
    for (const row of this.work.dueNow(connection.connector.connectionId, now, limit)) {
      const item: ClaimedPosting = { ...row, lease: { owner: this.owner, token: 0 } };
      if (firstStep(this.context(connection, item, now), item.verifyFirst, false).kind !== 'send') continue;
      const event = repos.events.get(item.eventId);
      if (!event) continue;
      const request = connection.connector.prepare(withTenderDetails(event, repos.events.extrasOf(event.id)));
      if (!request.ok) continue;
      posts.set(item.id, {
        id: item.id,
        attempts: item.attempts,
        verifyFirst: item.verifyFirst,
        windowExpiresAt: item.windowExpiresAt,
        reasonCode: item.reasonCode,
        request: describeRequest(request.request),
        prepared: request.request,
      });
    }
    return posts;
  }

  private launch(
    connection: EngineConnection,
    guard: EndpointGuard,
    item: ClaimedPosting,
    ready: ReadyToSend | null,
  ): void {
    guard.started();
    // The endpoint's slot is given back as soon as its last request has answered: the next claim then
    // shares the commit of this item's settlement instead of waiting for it.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      guard.finished();
      void this.claimFor(connection);
    };
    const task = this.process(connection, guard, item, ready, release)
      .catch((error: unknown) => {
        if (error instanceof LeaseLost) {
          this.options.logger.warn({ postingId: item.id }, 'claim taken over before sending: nothing sent');
          return;
        }
        // The store refused the write, or the writer thread died with it unanswered: recovered later.
        if (isDiskFull(error) || error instanceof WriterStopped) return this.abandon(item, error);
        return this.settlement.isolate(item, error);
      })
      // Even setting it aside failed (the store refuses writes).
      .catch((error: unknown) => this.abandon(item, error))
      .finally(() => {
        release();
        this.inFlight.delete(task);
        this.flushChanges();
      });
    this.inFlight.add(task);
  }

  private async process(
    connection: EngineConnection,
    guard: EndpointGuard,
    item: ClaimedPosting,
    ready: ReadyToSend | null,
    /** Gives the endpoint's slot back once nothing more will be sent for this item. */
    release: () => void,
  ): Promise<void> {
    const { repos } = this.options;
    const { connector } = connection;
    if (ready) {
      const sent = await guard.run(
        () => this.sending.send(ready, connector),
        (r) => !r.result.ok && isEndpointDown(r.result.error),
      );
      if (!sent.ran) return this.settlement.putBack(item, ready.attemptId);
      release();
      const decided = settlementFor(classifyPost(sent.value.result), this.context(connection, item), false);
      return this.settlement.settle(item, decided, sent.value.attempt);
    }
    const event = repos.events.get(item.eventId);
    if (!event) throw new Error(`posting ${String(item.id)} has no payment event`);

    let step = firstStep(this.context(connection, item), item.verifyFirst, false);
    if (step.kind === 'lookup') {
      // Doubt: an earlier attempt may already be in the EHR, and this EHR can be asked.
      const externalId = connector.externalIdFor(event);
      const lookup = await guard.run(
        () => this.sending.lookup(item, externalId, connector),
        (r) => !r.ok && r.error.ambiguous,
      );
      if (!lookup.ran) return this.settlement.putBack(item);
      step = afterLookup(this.context(connection, item), classifyLookup(lookup.value));
    }
    if (step.kind === 'settle') return this.settlement.settle(item, step.settlement);

    const prepared = connector.prepare(withTenderDetails(event, repos.events.extrasOf(event.id)));
    if (!prepared.ok) {
      return this.settlement.settle(
        item,
        settlementFor(classifyError(prepared.error), this.context(connection, item), false),
      );
    }
    const sent = await guard.run(
      () => this.sending.post(item, prepared.request, connector),
      (r) => !r.result.ok && isEndpointDown(r.result.error),
    );
    if (!sent.ran) return this.settlement.putBack(item);
    release();
    // A definitive answer to this send settles any earlier doubt; an ambiguous one raises it again.
    const decided = settlementFor(classifyPost(sent.value.result), this.context(connection, item), false);
    await this.settlement.settle(item, decided, sent.value.attempt);
  }

  private context(
    connection: EngineConnection,
    item: ClaimedPosting,
    now = this.options.clock.now(),
  ): SettleContext {
    return {
      now,
      item,
      policy: connection.policy,
      capabilities: connection.connector.capabilities,
      random: this.random,
    };
  }

  private connectionFor(event: PaymentEvent): EngineConnection | undefined {
    return [...this.connections.values()].find(
      (c) =>
        c.connector.ehr === event.ehr && (c.facilities.length === 0 || c.facilities.includes(event.facility)),
    );
  }

  /** One `db.changed` per burst of work rather than one per statement. */
  private flushChanges(): void {
    if (this.changed.size === 0) return;
    const tables = [...this.changed];
    this.changed = new Set();
    this.options.bus.changed(...tables);
  }

  private publishStatus(): void {
    this.options.bus.emit('engine.status', this.status());
  }
}

/** Failures that say the endpoint itself is unwell (they count toward opening its breaker). */
function isEndpointDown(error: EhrError): boolean {
  return (
    error.code === 'timeout' ||
    error.code === 'connection_reset' ||
    error.code === 'server_error' ||
    error.code === 'connect_failed'
  );
}
