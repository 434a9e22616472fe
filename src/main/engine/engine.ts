/**
 * The posting engine: a durable job runner over the `postings` table. Each due posting is claimed under a
 * lease, its attempt is recorded before anything is sent, the connector's answer is classified by a pure
 * function, and the posting is settled in one short transaction. Nothing here holds a transaction across
 * a network call, and nothing re-sends a payment the EHR may already have without checking first.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { EngineStatus } from '../../shared/contract';
import { EHR_LABEL, type PaymentEvent } from '../../shared/domain';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../clock';
import type { EhrConnector, EhrError, PostableEvent, PostResult, PreparedRequest } from '../connectors/ehr';
import type { Logger } from '../logger';
import { isDiskFull } from '../store/disk-full';
import { GroupCommit } from '../store/group-commit';
import type { Repositories } from '../store/repositories';
import {
  postingWorkRepository,
  type AttemptResult,
  type ClaimedPosting,
  type Settlement,
} from '../store/repositories/posting-work';
import { classifyError, classifyLookup, classifyPost, type Classification } from './classify';
import { EndpointGuard, type BreakerSettings } from './endpoint-guard';
import { routeEvent, type RoutingTable } from './routing';
import type { RetryPolicy } from './schedule';
import { settlementFor, windowExpired, type SettleContext } from './settle';

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
  /** How long a claim is held; a process that dies mid-post releases its items when this runs out. */
  readonly leaseMs?: number;
  /** How often the engine looks for newly due work when nothing wakes it. */
  readonly pollMs?: number;
}

/** An attempt's answer, written together with the posting's new state. */
type FinishedAttempt = AttemptResult & { readonly attemptId: number };

/** A claimed posting whose post attempt was recorded in the claim's own commit: it only remains to send it. */
interface ReadyToSend {
  readonly request: PreparedRequest;
  readonly attemptId: number;
  readonly startedAt: number;
}

export interface EngineEvents {
  /** Postings that just reached Failure (for the notification digest). */
  failed: [postingIds: number[]];
}

const ENGINE_ACTOR = 'engine';

export class PostingEngine {
  readonly events = new EventEmitter<EngineEvents>();
  private readonly work;
  /** Attempts and settlements of payments in flight together share one commit (one fsync). */
  private readonly commits: GroupCommit;
  private readonly owner = randomUUID();
  private readonly guards = new Map<string, EndpointGuard>();
  private readonly connections = new Map<string, EngineConnection>();
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private state: EngineStatus['state'] = 'stopped';
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private pumpScheduled = false;
  /** Connections with a claim waiting in the next shared commit (or for its sync), and so not yet launched. */
  private readonly claiming = new Set<string>();
  /** Connections that had room again while their claim was pending: claim again once it has launched. */
  private readonly wakeAgain = new Set<string>();
  private recoveredAt = 0;
  private changed = new Set<'postings' | 'attempts' | 'audit_events'>();

  constructor(private readonly options: EngineOptions) {
    this.work = postingWorkRepository(options.db);
    this.commits = new GroupCommit(options.db);
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? 120_000;
    for (const connection of options.connections) {
      const id = connection.connector.connectionId;
      this.connections.set(id, connection);
      this.guards.set(id, new EndpointGuard(connection, options.clock, () => this.publishStatus()));
    }
  }

  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    this.recoverStranded();
    this.timer = setInterval(() => this.tick(), this.options.pollMs ?? 500);
    this.timer.unref();
    this.publishStatus();
    this.pump();
  }

  /** Stops claiming work and waits for the requests already sent to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = 'stopped';
    await Promise.allSettled([...this.inFlight]);
    await this.commits.drain();
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
    const id = this.admitOne(eventId, this.options.clock.now());
    this.flushChanges();
    this.kick();
    return id;
  }

  /**
   * Wakes the engine after the current synchronous work (and any transaction around it) is done. Wakes
   * asked for in the same turn (many sends finishing together) make one pump, so one claim for all of them.
   */
  kick(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.tick();
    });
  }

  /** Admits events queued by intake (in this process or another, such as `clearpost import`), in one commit. */
  admitQueued(limit = 500): number {
    const queued = this.work.queued(limit);
    if (queued.length === 0) return 0;
    const now = this.options.clock.now();
    this.options.db.transaction(() => {
      for (const { eventId } of queued) this.admitOne(eventId, now);
    })();
    return queued.length;
  }

  private admitOne(eventId: number, now: number): number {
    const { repos, db } = this.options;
    const existing = repos.postings.forEvent(eventId);
    if (existing) {
      this.work.dequeue(eventId);
      return existing.id;
    }
    const event = repos.events.get(eventId);
    if (!event) throw new Error(`payment event ${String(eventId)} does not exist`);
    const route = routeEvent(event, this.options.routing);
    const connection = this.connectionFor(event);
    // The posting is written once in its first state (one row write, not an insert then an update).
    const first =
      route.channel !== 'api'
        ? {
            status: route.status,
            reasonCode: route.reasonCode,
            reason: route.reason,
            nextStep: route.nextStep,
          }
        : connection
          ? { status: 'pending' as const, nextAttemptAt: now }
          : {
              status: 'not_applicable' as const,
              reasonCode: 'no_connection',
              reason: `No ${EHR_LABEL[event.ehr]} connection is configured for facility ${event.facility}.`,
              nextStep:
                'Add the connection in Settings, then retry it. Do not post manually before the window passes.',
            };
    const id = db.transaction(() => {
      const postingId = repos.postings.create(
        {
          eventId,
          ehr: event.ehr,
          connectionId: connection?.connector.connectionId ?? `${event.ehr}:unconfigured`,
          channel: route.channel,
          ...first,
        },
        now,
      );
      this.work.dequeue(eventId);
      repos.audit.append(
        {
          actor: ENGINE_ACTOR,
          action: 'posting.created',
          subjectType: 'posting',
          subjectId: String(postingId),
          details: { channel: route.channel, status: route.status },
        },
        now,
      );
      return postingId;
    })();
    this.markChanged('postings', 'audit_events');
    return id;
  }

  /** Claims and starts whatever is due now, within each endpoint's limits. Never waits for the sends. */
  pump(): void {
    this.cycle(false);
  }

  /** The engine's own wake-ups (timer, kicks): like `pump`, with the claims in the next shared commit. */
  private tick(): void {
    this.cycle(true);
  }

  private cycle(grouped: boolean): void {
    if (this.state !== 'running' || this.pumping) return;
    this.pumping = true;
    try {
      const now = this.options.clock.now();
      // Another process (or an earlier life of this one) may have died holding leases.
      if (now - this.recoveredAt >= this.leaseMs / 2) {
        this.recoveredAt = now;
        this.recoverStranded();
      }
      this.admitQueued();
      for (const [id, connection] of this.connections) {
        const guard = this.guards.get(id);
        if (!guard) continue;
        if (grouped) {
          this.wake(connection, guard);
          continue;
        }
        const room = guard.room();
        if (room <= 0) continue;
        const claimed = this.work.claimDue(id, now, room, this.owner, now + this.leaseMs);
        for (const item of claimed) this.launch(connection, guard, item);
      }
    } catch (error) {
      // Issue 19: a store that refuses writes (a full disk) must not end the engine; the next tick tries again.
      this.options.logger.error({ err: error }, 'engine cycle failed; trying again at the next tick');
    } finally {
      this.pumping = false;
    }
    this.flushChanges();
  }

  /**
   * Issue 19: a commit the full disk refused. Nothing more is written for this item now; it keeps its lease,
   * and when the lease runs out `recoverStranded` takes it up again (an open attempt is checked with the EHR
   * before anything is sent again), rather than parking a sound payment for a person.
   */
  private leaveToLease(item: ClaimedPosting, error: unknown): void {
    this.options.logger.error(
      { err: error, postingId: item.id },
      'posting not recorded (the store refused the write); taken up again when its lease ends',
    );
  }

  /**
   * Runs until nothing more can start at the clock's current time and nothing is in flight (tests,
   * shutdown). Work held back by a guard (open breaker, rate cap) waits for `resumesAt()`.
   */
  async waitForIdle(): Promise<void> {
    for (;;) {
      this.pump();
      if (this.inFlight.size === 0) return;
      await Promise.race([...this.inFlight]);
    }
  }

  /** The earliest time a guard lets held-back work go again (a breaker's probe, the rate cap); null if none. */
  resumesAt(): number | null {
    const times = [...this.guards.values()]
      .map((g) => g.blockedUntil())
      .filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /**
   * For a claimed posting that is a plain post (no earlier doubt, inside its window, maps cleanly): records
   * its attempt now, inside the claim's transaction. Anything else goes the long way through `process`.
   */
  private recordAttempt(connection: EngineConnection, item: ClaimedPosting, now: number): ReadyToSend | null {
    if (item.verifyFirst || windowExpired(item, now)) return null;
    const { repos } = this.options;
    const event = repos.events.get(item.eventId);
    if (!event) return null;
    const prepared = connection.connector.prepare(withTenderDetails(event, repos.events.extrasOf(event.id)));
    if (!prepared.ok) return null;
    const attemptId = this.work.beginAttempt(item.id, 'post', describeRequest(prepared.request), now);
    this.markChanged('attempts');
    return { request: prepared.request, attemptId, startedAt: now };
  }

  private launch(
    connection: EngineConnection,
    guard: EndpointGuard,
    item: ClaimedPosting,
    ready: ReadyToSend | null = null,
  ): void {
    guard.started();
    // The endpoint's slot is given back as soon as its last request has answered: the next claim then
    // shares the commit of this item's settlement instead of waiting for it.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      guard.finished();
      this.wake(connection, guard);
    };
    const task = this.process(connection, guard, item, ready, release)
      .catch((error: unknown) =>
        isDiskFull(error) ? this.leaveToLease(item, error) : this.isolate(item, error),
      )
      // Even parking it failed (the store refuses writes): the item keeps its lease and is recovered after it.
      .catch((error: unknown) => this.leaveToLease(item, error))
      .finally(() => {
        release();
        this.inFlight.delete(task);
        this.flushChanges();
      });
    this.inFlight.add(task);
  }

  /**
   * After a send finishes, its endpoint has room again: claim more in the next shared commit, together
   * with the settlements of this turn, rather than in a commit of its own per finished send. The room is
   * read when the claim runs, so sends that finished meanwhile are counted too.
   */
  private wake(connection: EngineConnection, guard: EndpointGuard): void {
    const id = connection.connector.connectionId;
    if (this.state !== 'running') return;
    // One claim at a time per connection: the room is read when the claim runs, and items claimed but not
    // launched yet do not count against it. A slot freed meanwhile is claimed right after.
    if (this.claiming.has(id)) {
      this.wakeAgain.add(id);
      return;
    }
    this.claiming.add(id);
    const task = this.commits
      .run(() => {
        const now = this.options.clock.now();
        const claimed = this.work.claimDue(id, now, guard.room(), this.owner, now + this.leaseMs);
        // While the breaker is closed, plain posts get their attempt recorded in this same commit.
        const closed = guard.breakerState() === 'closed';
        return claimed.map((item) => ({
          item,
          ready: closed ? this.recordAttempt(connection, item, now) : null,
        }));
      })
      .then((claimed) => {
        for (const { item, ready } of claimed) {
          if (this.state === 'running') this.launch(connection, guard, item, ready);
          else void this.putBack(item, ready).catch((error: unknown) => this.leaveToLease(item, error));
        }
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, connectionId: id }, 'claiming due postings failed');
      })
      .finally(() => {
        this.claiming.delete(id);
        if (this.wakeAgain.delete(id)) this.wake(connection, guard);
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
    const { repos, clock } = this.options;
    if (ready) {
      const sent = await guard.run(
        () => this.send(ready, connection.connector),
        (r) => !r.result.ok && isEndpointDown(r.result.error),
      );
      if (!sent.ran) return this.putBack(item, ready);
      release();
      return this.settle(
        item,
        settlementFor(
          classifyPost(sent.value.result),
          this.settleContext(connection, item, clock.now()),
          false,
        ),
        sent.value.attempt,
      );
    }
    const event = repos.events.get(item.eventId);
    if (!event) throw new Error(`posting ${String(item.id)} has no payment event`);
    const connector = connection.connector;
    const context = this.settleContext(connection, item, clock.now());

    // Doubt: an earlier attempt may already be in the EHR. A lookup settles it where the EHR can be asked.
    let doubt = item.verifyFirst;
    if (doubt && connector.capabilities.lookup) {
      const externalId = connector.externalIdFor(event);
      const lookup = await guard.run(
        () => this.recordedLookup(item.id, externalId, connector),
        (r) => !r.ok && r.error.ambiguous,
      );
      if (!lookup.ran) return this.putBack(item);
      const verification = classifyLookup(lookup.value);
      if (verification.kind === 'found') {
        return this.settle(item, {
          ...blank(),
          status: 'success',
          ehrReference: verification.ehrReference,
          reasonCode: 'found_in_ehr',
          reason: 'The EHR already had this payment (found by its transaction id); linked, not posted again.',
          resolvedAt: clock.now(),
        });
      }
      if (verification.kind === 'unknown') {
        return this.settle(
          item,
          settlementFor(classifyError(verification.error), { ...context, now: clock.now() }, true),
        );
      }
      doubt = false; // absent: the earlier attempt did not post
    }
    if (doubt && !connector.capabilities.serverDedupesOnExternalId) {
      return this.settle(item, {
        ...blank(),
        status: 'needs_verification',
        windowExpiresAt: item.windowExpiresAt,
        verifyFirst: true,
        reasonCode: 'ambiguous_unverifiable',
        reason:
          'An earlier attempt may have reached the EHR, and this EHR can neither be asked nor refuses duplicates.',
        nextStep:
          'Check the EHR for this transaction id first. If it is there, mark it manually posted with its reference; if not, retry it.',
      });
    }

    if (windowExpired(item, context.now)) {
      // Past the window nothing is sent again: a clean item fails (post it manually); one the EHR may still
      // hold (it deduplicates but cannot be asked) goes to a person to check first.
      return this.settle(
        item,
        doubt
          ? {
              ...blank(),
              status: 'needs_verification',
              windowExpiresAt: item.windowExpiresAt,
              verifyFirst: true,
              reasonCode: 'window_expired',
              reason: `Stayed in Retry past its ${hours(connection.policy.windowMs)}-hour window, and the EHR may already have it.`,
              nextStep:
                'Check the EHR for this transaction id first, then mark it manually posted or retry it.',
            }
          : {
              ...blank(),
              status: 'failure',
              windowExpiresAt: item.windowExpiresAt,
              reasonCode: 'window_expired',
              reason: `Stayed in Retry past its ${hours(connection.policy.windowMs)}-hour window${item.reasonCode ? ` (last error: ${item.reasonCode})` : ''}.`,
              nextStep: 'Manually post payment',
            },
      );
    }

    const prepared = connector.prepare(withTenderDetails(event, repos.events.extrasOf(event.id)));
    if (!prepared.ok) {
      return this.settle(item, settlementFor(classifyError(prepared.error), context, false));
    }
    const sent = await guard.run(
      () => this.recordedPost(item.id, prepared.request, connector),
      (r) => !r.result.ok && isEndpointDown(r.result.error),
    );
    if (!sent.ran) return this.putBack(item);
    release();
    const classification: Classification = classifyPost(sent.value.result);
    // A definitive answer to this send settles any earlier doubt; an ambiguous one raises it again.
    await this.settle(
      item,
      settlementFor(classification, { ...context, now: clock.now() }, false),
      sent.value.attempt,
    );
  }

  private settleContext(connection: EngineConnection, item: ClaimedPosting, now: number): SettleContext {
    return {
      now,
      item,
      policy: connection.policy,
      capabilities: connection.connector.capabilities,
      random: this.random,
    };
  }

  /** Records a lookup attempt, performs it, records its result. */
  private async recordedLookup(postingId: number, externalId: string, connector: EhrConnector) {
    const { clock } = this.options;
    const started = clock.now();
    const attemptId = await this.commits.run(() =>
      this.work.beginAttempt(postingId, 'lookup', `GET lookup external id ${externalId}`, started),
    );
    this.markChanged('attempts');
    const result = await connector.lookup(externalId);
    const finished = clock.now();
    const lookupResult = {
      finishedAt: finished,
      durationMs: finished - started,
      httpStatus: result.ok ? 200 : result.error.httpStatus,
      outcome: !result.ok ? 'retry' : result.found ? 'duplicate' : 'retry',
      errorCode: result.ok ? (result.found ? 'found' : 'absent') : result.error.code,
      response: result.ok
        ? result.found
          ? `found ${result.ehrReference}`
          : 'not found'
        : result.error.message,
    } as const;
    await this.commits.run(() => this.work.finishAttempt(attemptId, lookupResult), { durable: false });
    return result;
  }

  /**
   * Records the post attempt before sending (so a crash mid-send is found) and sends. The answer is written
   * by `settle`, in the same short transaction as the posting's new state.
   */
  private async recordedPost(
    postingId: number,
    request: PreparedRequest,
    connector: EhrConnector,
  ): Promise<{ result: PostResult; attempt: FinishedAttempt }> {
    const startedAt = this.options.clock.now();
    const attemptId = await this.commits.run(() =>
      this.work.beginAttempt(postingId, 'post', describeRequest(request), startedAt),
    );
    this.markChanged('attempts');
    return this.send({ request, attemptId, startedAt }, connector);
  }

  /** Sends a post whose attempt is already recorded, and describes its answer. */
  private async send(
    ready: ReadyToSend,
    connector: EhrConnector,
  ): Promise<{ result: PostResult; attempt: FinishedAttempt }> {
    const result = await connector.send(ready.request);
    const finished = this.options.clock.now();
    return {
      result,
      attempt: {
        attemptId: ready.attemptId,
        finishedAt: finished,
        durationMs: finished - ready.startedAt,
        httpStatus: result.ok ? result.httpStatus : result.error.httpStatus,
        outcome: classifyPost(result).outcome,
        errorCode: result.ok ? null : result.error.code,
        response: result.ok
          ? result.ehrReference
            ? `posted ${result.ehrReference}`
            : 'posted'
          : result.error.message,
      },
    };
  }

  /**
   * The posting's new state, with the answer of the attempt that led to it when there was one, committed
   * with the other settlements of this turn. A crash before that commit leaves the attempt open, which
   * recovery treats as "may have posted" (looked up before anything is sent again).
   */
  private async settle(
    item: ClaimedPosting,
    settlement: Settlement,
    attempt?: FinishedAttempt,
  ): Promise<void> {
    const { repos, clock } = this.options;
    const now = clock.now();
    await this.commits.run(
      () => {
        if (attempt) this.work.finishAttempt(attempt.attemptId, attempt);
        this.work.settle(item.id, settlement, now);
        repos.audit.append(
          {
            actor: ENGINE_ACTOR,
            action: `posting.${settlement.status}`,
            subjectType: 'posting',
            subjectId: String(item.id),
            details: {
              from: item.previousStatus,
              reasonCode: settlement.reasonCode,
              ehrReference: settlement.ehrReference,
            },
          },
          now,
        );
        // Nothing outside waits on a settlement being on disk (see GroupCommit.run).
      },
      { durable: false },
    );
    this.markChanged('postings', 'audit_events');
    if (settlement.status === 'failure') this.events.emit('failed', [item.id]);
  }

  /**
   * The breaker refused the call before anything was sent: the item waits, it does not fail. An attempt
   * recorded ahead of the send is withdrawn in the same commit: nothing went out, so nothing is in doubt.
   */
  private async putBack(item: ClaimedPosting, ready: ReadyToSend | null = null): Promise<void> {
    await this.commits.run(
      () => {
        if (ready) this.work.withdrawAttempt(ready.attemptId);
        this.restore(item);
      },
      { durable: false },
    );
    this.markChanged('postings', 'attempts');
  }

  private restore(item: ClaimedPosting): void {
    const now = this.options.clock.now();
    const posting = this.options.repos.postings.get(item.id);
    if (!posting) return;
    this.work.settle(
      item.id,
      {
        status: item.previousStatus,
        nextAttemptAt: now,
        windowExpiresAt: posting.windowExpiresAt,
        verifyFirst: item.verifyFirst,
        ehrReference: posting.ehrReference,
        reasonCode: posting.reasonCode,
        reason: posting.reason,
        nextStep: posting.nextStep,
        resolvedAt: null,
      },
      now,
    );
  }

  /** One bad item must not stop the rest: it is parked with the reason, for a person to look at. */
  private async isolate(item: ClaimedPosting, error: unknown): Promise<void> {
    this.options.logger.error({ err: error, postingId: item.id }, 'posting isolated after an internal error');
    const open = this.options.repos.attempts.forPosting(item.id).some((a) => a.finishedAt === null);
    await this.settle(item, {
      ...blank(),
      status: open ? 'needs_verification' : 'not_applicable',
      reasonCode: 'internal_error',
      reason: 'Clearpost hit an internal error on this item and set it aside; the others carry on.',
      nextStep: open
        ? 'Check the EHR for this transaction id before doing anything else.'
        : 'Retry it; if it fails the same way, report it to Clearpost support.',
    });
  }

  /**
   * Items left in flight by a process that died: an open attempt may have reached the EHR, so the item
   * needs verification (resolved by lookup where the connector can); an item with no open attempt was
   * never sent and simply goes back in the queue.
   */
  recoverStranded(): number {
    const { db, repos, clock } = this.options;
    const now = clock.now();
    const stranded = this.work.stranded(now);
    if (stranded.length === 0) return 0;
    db.transaction(() => {
      for (const s of stranded) {
        const posting = repos.postings.get(s.postingId);
        if (!posting) continue;
        const connector = this.connections.get(s.connectionId)?.connector;
        const resolvable = Boolean(
          connector && (connector.capabilities.lookup || connector.capabilities.serverDedupesOnExternalId),
        );
        if (s.attemptId !== null) {
          this.work.finishAttempt(s.attemptId, {
            finishedAt: now,
            durationMs: 0,
            httpStatus: null,
            outcome: 'ambiguous',
            errorCode: 'interrupted',
            response: 'Clearpost stopped while this request was in flight; the EHR may or may not have it.',
          });
        }
        const settlement: Settlement =
          s.attemptId === null
            ? {
                ...blank(),
                status: s.attempts === 0 && !posting.verifyFirst ? 'pending' : 'retry',
                nextAttemptAt: now,
                windowExpiresAt: posting.windowExpiresAt,
                verifyFirst: posting.verifyFirst,
                reasonCode: posting.reasonCode,
                reason: posting.reason,
                nextStep: posting.nextStep,
              }
            : {
                ...blank(),
                status: 'needs_verification',
                nextAttemptAt: resolvable ? now : null,
                windowExpiresAt: posting.windowExpiresAt,
                verifyFirst: true,
                reasonCode: 'interrupted',
                reason:
                  'Clearpost stopped while this payment was being sent; the EHR may or may not have it.',
                nextStep: resolvable
                  ? 'Clearpost checks the EHR before sending it again; nothing to do.'
                  : 'Check the EHR for this transaction id first, then mark it manually posted or retry it.',
              };
        this.work.settle(s.postingId, settlement, now);
        repos.audit.append(
          {
            actor: ENGINE_ACTOR,
            action: `posting.recovered`,
            subjectType: 'posting',
            subjectId: String(s.postingId),
            details: { openAttempt: s.attemptId !== null, status: settlement.status },
          },
          now,
        );
      }
    })();
    this.options.logger.warn({ count: stranded.length }, 'recovered postings left in flight');
    this.markChanged('postings', 'attempts', 'audit_events');
    this.flushChanges();
    return stranded.length;
  }

  private connectionFor(event: PaymentEvent): EngineConnection | undefined {
    return [...this.connections.values()].find(
      (c) =>
        c.connector.ehr === event.ehr && (c.facilities.length === 0 || c.facilities.includes(event.facility)),
    );
  }

  private markChanged(...tables: ('postings' | 'attempts' | 'audit_events')[]): void {
    for (const table of tables) this.changed.add(table);
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

/** Check date and cash tendered travel in the event's extras; the connector falls back when absent. */
function withTenderDetails(event: PaymentEvent, extras: Record<string, unknown>): PostableEvent {
  const checkDate =
    typeof extras.checkDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(extras.checkDate)
      ? extras.checkDate
      : null;
  const tendered = extras.cashTenderedMinor;
  const cashTenderedMinor = typeof tendered === 'number' && Number.isSafeInteger(tendered) ? tendered : null;
  return { ...event, checkDate, cashTenderedMinor };
}

/** What an attempt records of its request: method, URL and body (never a token; the body has no card number). */
function describeRequest(request: PreparedRequest): string {
  return `${request.method} ${request.url}\n\n${request.body}`;
}

function blank(): Settlement {
  return {
    status: 'retry',
    nextAttemptAt: null,
    windowExpiresAt: null,
    verifyFirst: false,
    ehrReference: null,
    reasonCode: null,
    reason: null,
    nextStep: null,
    resolvedAt: null,
  };
}

function hours(ms: number): number {
  return Math.round(ms / 3_600_000);
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
