/**
 * Claiming: due work taken under a fenced lease, one claim at a time per connection, and each claimed item
 * launched (or put back when the engine stopped meanwhile). The engine composes one and gives it `process`:
 * what happens to an item once launched stays the engine's.
 *
 * A claim takes up to a cap's worth more than the free slots (`EndpointGuard.claimAhead`): those wait here,
 * claimed and with their attempts recorded, and one starts the moment a slot frees, so no freed slot waits
 * for a commit; and since the next claim is made only once half of them have gone, each claim takes several
 * items and the writer commits (and syncs) a fraction as often. They are held under this engine's lease like
 * the items in flight (renewed, never recovered by this engine), and put back unsent when the engine stops,
 * the endpoint's breaker opens, the writer thread crashes, or one waited longer than recovery allows for.
 *
 * Who the claims belong to (`owner`) and the lease tokens handed out live here too: a new owner after the
 * writer thread crashed makes the claims it may have committed unanswered another engine's, recovered once
 * their lease runs out.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { isDiskFull } from '../store/disk-full';
import type { Repositories } from '../store/repositories';
import {
  LeaseLost,
  type ClaimedPosting,
  type PostingWorkRepository,
} from '../store/repositories/posting-work';
import { WriterStopped } from '../store/writer-thread';
import { firstStep, type SettleContext } from './decision';
import type { EndpointGuard } from './endpoint-guard';
import { CLAIMED_AHEAD_MAX_WAIT_MS, type EngineConnection } from './engine-options';
import type { EngineWriter } from './engine-writer';
import type { PreparedPost } from './engine-writes';
import { describeRequest, withTenderDetails, type ReadyToSend, type Sending } from './sending';
import type { SettlementWriter } from './settlement';

type PreparedWithRequest = PreparedPost & { readonly prepared: ReadyToSend['request'] };

/** A claimed item ready to start: with its attempt already recorded (a plain post) or not. */
interface Launchable {
  readonly item: ClaimedPosting;
  readonly ready: ReadyToSend | null;
  /** When it was claimed: its attempt's start. */
  readonly claimedAt: number;
}

export interface ClaimingDeps {
  readonly repos: Repositories;
  /** The main connection's reads of due work (the writes go to the writer). */
  readonly work: PostingWorkRepository;
  readonly writer: EngineWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sending: Sending;
  readonly settlement: SettlementWriter;
  /** A claim's lease: longer than any connection's request. */
  readonly leaseMs: number;
  readonly guardOf: (connectionId: string) => EndpointGuard | undefined;
  /** Claims finishing while the engine is not running put their items back rather than send them. */
  readonly running: () => boolean;
  readonly context: (connection: EngineConnection, item: ClaimedPosting, now: number) => SettleContext;
  /** What the engine does with a launched item; `release` gives the endpoint's slot back. */
  readonly process: (
    connection: EngineConnection,
    guard: EndpointGuard,
    item: ClaimedPosting,
    ready: ReadyToSend | null,
    release: () => void,
  ) => Promise<void>;
  /** The store refused to write an item's outcome: the engine recovers it once the store takes writes. */
  readonly abandon: (item: ClaimedPosting, error: unknown) => void;
  readonly flushChanges: () => void;
  /**
   * Admits events waiting in intake's queue at `now` (engine.admitQueued); how many. Called when a claim
   * finds less due work than it has room for, so a burst is not starved until the next look for work.
   */
  readonly admit: (now: number) => number;
}

export class Claiming {
  /** Items being worked on (their sends and settlements). */
  readonly inFlight = new Set<Promise<void>>();
  /** Claims waiting for their commit (and the launch of what they claimed). */
  readonly claims = new Set<Promise<number>>();
  /** Who this engine's claims belong to. */
  private currentOwner = randomUUID();
  /** The last lease token handed out to this owner's claims. */
  private lastToken = 0;
  /** Per connection, its claim waiting for the writer's commit, not yet launched. */
  private readonly claiming = new Map<string, Promise<number>>();
  /** Connections that had room again while their claim was pending: claim again once it has launched. */
  private readonly claimAgain = new Set<string>();
  /** Per connection, items claimed ahead of a free slot, in the order claimed. */
  private readonly ready = new Map<string, Launchable[]>();

  constructor(private readonly deps: ClaimingDeps) {}

  get owner(): string {
    return this.currentOwner;
  }

  /** The writer thread crashed: claims from now on are a new owner's, with tokens counted afresh. */
  newOwner(): void {
    for (const id of this.ready.keys()) this.putBackReady(id);
    this.currentOwner = randomUUID();
    this.lastToken = 0;
  }

  /** Whether this engine holds any claim: waiting for its commit, claimed ahead, or in flight. */
  get holds(): boolean {
    return this.claiming.size > 0 || this.inFlight.size > 0 || [...this.ready.values()].some((q) => q.length);
  }

  /** Stopping: waits for pending claims, puts back what waited for a slot, then waits for what is in flight. */
  async quiesce(): Promise<void> {
    await Promise.allSettled([...this.claims]);
    for (const id of this.ready.keys()) this.putBackReady(id);
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Claims a connection's due work in the writer's next commit, together with the settlements of this turn.
   * While the breaker is closed, plain posts get their attempt recorded in that same commit: their requests
   * are prepared here first, from the due rows as this thread reads them, and the writer records an attempt
   * only for an item it claimed still as it was read (else the item goes the long way through `process`).
   */
  claimFor(connection: EngineConnection): Promise<number> {
    const { writer, clock, logger, sending, leaseMs } = this.deps;
    const id = connection.connector.connectionId;
    const guard = this.deps.guardOf(id);
    if (!guard) return Promise.resolve(0);
    this.launchReady(connection, guard);
    if (!this.deps.running()) return Promise.resolve(0);
    // One claim at a time per connection: items claimed but not launched yet do not count against the room.
    // A slot freed meanwhile is claimed right after it.
    const pending = this.claiming.get(id);
    if (pending) {
      this.claimAgain.add(id);
      return pending;
    }
    const waiting = this.ready.get(id)?.length ?? 0;
    const ahead = guard.claimAhead();
    const room = guard.room() + ahead - waiting;
    // With half of what may wait still waiting and no slot free, the claim waits for more room: claims then
    // take several items each, and the writer commits a fraction as often (each commit is a sync).
    if (room <= 0 || (guard.room() === 0 && waiting > ahead / 2)) return Promise.resolve(0);
    const now = clock.now();
    const owner = this.currentOwner;
    const firstToken = this.lastToken + 1;
    this.lastToken += room;
    let prepared = new Map<number, PreparedWithRequest>();
    const task = Promise.resolve()
      .then(() => {
        prepared = guard.breakerState() === 'closed' ? this.preparePosts(connection, now, room) : prepared;
        return writer.run('claim', {
          connectionId: id,
          now,
          limit: room,
          owner,
          leaseUntil: now + leaseMs,
          firstToken,
          posts: [...prepared.values()].map(({ prepared: _, ...post }) => post),
        });
      })
      .then((claimed) => {
        const queue = this.ready.get(id) ?? [];
        this.ready.set(id, queue);
        for (const { item, attemptId } of claimed) {
          const post = prepared.get(item.id);
          const ready =
            attemptId !== null && post ? sending.recordedWithClaim(post.prepared, attemptId, now) : null;
          queue.push({ item, ready, claimedAt: now });
        }
        this.launchReady(connection, guard);
        return claimed.length;
      })
      .catch((error: unknown) => {
        logger.error({ err: error, connectionId: id }, 'claiming due postings failed');
        return 0;
      })
      .finally(() => {
        this.claiming.delete(id);
        this.claims.delete(task);
        if (this.claimAgain.delete(id)) void this.claimFor(connection);
        this.deps.flushChanges();
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
  ): Map<number, PreparedWithRequest> {
    const { repos, work } = this.deps;
    const posts = new Map<number, PreparedWithRequest>();
    const id = connection.connector.connectionId;
    let due = work.dueNow(id, now, limit);
    // Less due than there is room for: what intake queued since the last look for work is admitted now rather
    // than at the next poll (500 ms by default), so free slots are not left idle until then.
    if (due.length < limit && this.admitSafely(now) > 0) due = work.dueNow(id, now, limit);
    for (const row of due) {
      const item: ClaimedPosting = { ...row, lease: { owner: this.currentOwner, token: 0 } };
      if (firstStep(this.deps.context(connection, item, now), item.verifyFirst, false).kind !== 'send')
        continue;
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

  /** The database busy (another writer): the claim goes on with what is due; the next look admits. */
  private admitSafely(now: number): number {
    try {
      return this.deps.admit(now);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'admitting queued events failed; trying again at the next look');
      return 0;
    }
  }

  /**
   * Starts what was claimed ahead while the endpoint has room; puts it all back when the engine stopped, and
   * what is left when the endpoint no longer takes work ahead (its breaker opened).
   */
  private launchReady(connection: EngineConnection, guard: EndpointGuard): void {
    const id = connection.connector.connectionId;
    const queue = this.ready.get(id);
    if (!queue?.length) return;
    if (!this.deps.running()) return this.putBackReady(id);
    const now = this.deps.clock.now();
    // Each launch takes a slot (guard.started), so the room read once is what may start now. One that waited
    // longer than recovery allows for (CLAIMED_AHEAD_MAX_WAIT_MS) goes back unsent instead.
    for (const next of queue.splice(0, guard.room())) {
      if (now - next.claimedAt > CLAIMED_AHEAD_MAX_WAIT_MS) this.putBackAll([next]);
      else this.launch(connection, guard, next.item, next.ready);
    }
    if (queue.length > 0 && guard.claimAhead() === 0) this.putBackReady(id);
  }

  /** Nothing was sent for them: back to their earlier state, due now (their recorded attempts withdrawn). */
  private putBackReady(connectionId: string): void {
    const queue = this.ready.get(connectionId) ?? [];
    this.ready.set(connectionId, []);
    this.putBackAll(queue);
  }

  private putBackAll(waiting: readonly Launchable[]): void {
    for (const { item, ready } of waiting) {
      const task = this.deps.settlement
        .putBack(item, ready?.attemptId ?? null)
        .catch((error: unknown) => this.deps.abandon(item, error))
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private launch(
    connection: EngineConnection,
    guard: EndpointGuard,
    item: ClaimedPosting,
    ready: ReadyToSend | null,
  ): void {
    const { logger, settlement } = this.deps;
    guard.started();
    // The endpoint's slot is given back as soon as its last request has answered: the next claim then
    // shares the commit of this item's settlement instead of waiting for it.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      guard.finished();
      void this.claimFor(connection); // starts one claimed ahead at once, then claims to refill
    };
    const task = this.deps
      .process(connection, guard, item, ready, release)
      .catch((error: unknown) => {
        if (error instanceof LeaseLost) {
          logger.warn({ postingId: item.id }, 'claim taken over before sending: nothing sent');
          return;
        }
        // The store refused the write, or the writer thread died with it unanswered: recovered later.
        if (isDiskFull(error) || error instanceof WriterStopped) return this.deps.abandon(item, error);
        return settlement.isolate(item, error);
      })
      // Even setting it aside failed (the store refuses writes).
      .catch((error: unknown) => this.deps.abandon(item, error))
      .finally(() => {
        release();
        this.inFlight.delete(task);
        this.deps.flushChanges();
      });
    this.inFlight.add(task);
  }
}
