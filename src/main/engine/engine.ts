/**
 * The posting engine: a durable job runner over the `postings` table, built from rooms —
 * admission (event → posting), claiming (due work under a fenced lease, engine/claiming.ts), the decision
 * (pure: send, look up first, or settle without sending), settlement (the new state, fenced on the claim) and
 * recovery (what a dead engine left in flight), with sending (each request recorded first). This file only
 * runs them: start and stop, one wake verb, the cycle, recovery's schedule, and what happens to a claimed item.
 * Nothing here holds a transaction across a network call, and nothing re-sends a payment the EHR may already
 * have without checking first.
 */
import { EventEmitter } from 'node:events';
import type { EngineStatus } from '../../shared/contract';
import { postingWorkRepository, type ClaimedPosting, type Lease } from '../store/repositories/posting-work';
import { Claiming } from './claiming';
import { classifyError, classifyLookup, classifyPost, isEndpointDown } from './classify';
import { afterLookup, firstStep, settlementFor, type SettleContext } from './decision';
import { EndpointGuard } from './endpoint-guard';
import { ADMIT_PER_TURN, leaseTimes } from './engine-options';
import type { EngineConnection, EngineEvents, EngineOptions } from './engine-options';
import { createEngineRooms, type ChangedTable } from './engine-rooms';
import { engineWriter, type EngineWriter } from './engine-writer';
import { withTenderDetails, type ReadyToSend } from './sending';

export type { EngineConnection, EngineEvents, EngineOptions };

const WINDOW_SWEEP_MS = 60_000;

export class PostingEngine {
  readonly events = new EventEmitter<EngineEvents>();
  /** The main connection's reads of due work (the writes go to the writer). */
  private readonly work;
  /**
   * Every durable write of the engine (claims, attempts, settlements, put-backs, recovery, renewals) runs on
   * this writer thread, at synchronous = FULL on its own connection; those asked for together share a commit.
   */
  private readonly writer: EngineWriter;
  private readonly guards = new Map<string, EndpointGuard>();
  private readonly connections = new Map<string, EngineConnection>();
  private readonly admission;
  private readonly settlement;
  private readonly recovery;
  private readonly sending;
  /** Due work claimed under a lease and launched (engine/claiming.ts); `process` below is what it launches. */
  private readonly claimer: Claiming;
  private readonly random: () => number;
  /** A claim's lease: longer than any connection's request, so a slow answer is never taken for a dead engine. */
  private readonly leaseMs: number;
  private readonly recoverEveryMs: number;
  private state: EngineStatus['state'] = 'stopped';
  private timer: NodeJS.Timeout | null = null;
  private cycling = false;
  private wakeScheduled = false;
  /** Own claims whose outcome the store refused to write (a full disk): recovered once it takes writes. */
  private readonly abandoned = new Map<number, Lease>();
  private recoveringAbandoned = false;
  private recoveredAt = 0;
  /** Not Applicable windows that ended are evaluated at most this often (engine/not-applicable-windows.ts). */
  private readonly windows;
  private windowsSweptAt = 0;
  private renewedAt = 0;
  private changed = new Set<ChangedTable>();

  constructor(private readonly options: EngineOptions) {
    const { db, repos, clock, logger } = options;
    this.work = postingWorkRepository(db);
    this.writer = engineWriter(db, (error) => {
      logger.error(
        { err: error },
        'the engine writer thread stopped; its claims are recovered when their lease ends',
      );
      // Claims it may have committed unanswered are then another engine's, recovered once their lease ends.
      this.claimer.newOwner();
    });
    this.random = options.random ?? Math.random;
    ({ leaseMs: this.leaseMs, recoverEveryMs: this.recoverEveryMs } = leaseTimes(options));
    for (const connection of options.connections) {
      const id = connection.connector.connectionId;
      this.connections.set(id, connection);
      this.guards.set(id, new EndpointGuard(connection, clock, () => this.publishStatus()));
    }
    ({
      admission: this.admission,
      settlement: this.settlement,
      sending: this.sending,
      recovery: this.recovery,
      windows: this.windows,
    } = createEngineRooms({
      db,
      repos,
      clock,
      logger,
      routing: options.routing,
      work: this.work,
      writer: this.writer,
      connections: this.connections,
      owner: () => this.owner,
      changed: (...tables) => {
        for (const table of tables) this.changed.add(table);
      },
      failed: (ids) => this.events.emit('failed', ids),
    }));
    this.claimer = new Claiming({
      repos,
      work: this.work,
      writer: this.writer,
      clock,
      logger,
      sending: this.sending,
      settlement: this.settlement,
      leaseMs: this.leaseMs,
      guardOf: (id) => this.guards.get(id),
      running: () => this.state === 'running',
      context: (connection, item, now) => this.context(connection, item, now),
      process: (connection, guard, item, ready, release) =>
        this.process(connection, guard, item, ready, release),
      abandon: (item, error) => this.abandon(item, error),
      flushChanges: () => this.flushChanges(),
      admit: (now) => this.admitQueued(ADMIT_PER_TURN, now),
    });
  }

  /**
   * Who this engine's claims belong to: a new one after the writer thread crashed, so that claims it may have
   * committed unanswered are another engine's, recovered once their lease runs out.
   */
  private get owner(): string {
    return this.claimer.owner;
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
    await this.claimer.quiesce();
    await this.writer.drain();
    this.flushChanges();
    this.publishStatus();
  }

  status(): EngineStatus {
    return {
      state: this.state,
      inFlight: this.claimer.inFlight.size,
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
  admitQueued(limit = ADMIT_PER_TURN, now = this.options.clock.now()): number {
    const admitted = this.admission.admitQueued(now, limit);
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
      const busy = [...this.claimer.inFlight, ...this.claimer.claims];
      if (busy.length === 0 && claimed === 0) return;
      // What was claimed may already be done: then look again rather than wait on nothing.
      if (busy.length > 0) await Promise.race(busy);
    }
  }

  /** The earliest time a guard lets held-back work go again (a breaker's probe, the rate cap); null if none. */
  resumesAt(): number | null {
    const times = [...this.guards.values()].flatMap((g) => g.blockedUntil() ?? []);
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
      for (const connection of this.connections.values()) claims.push(this.claimer.claimFor(connection));
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
    if (!this.claimer.holds) return;
    void this.writer
      .run('renewLeases', this.owner, now + this.leaseMs)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'renewing leases failed'));
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
