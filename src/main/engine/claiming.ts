/**
 * Claiming: due work taken under a fenced lease, one claim at a time per connection, and each claimed item
 * launched (or put back when the engine stopped meanwhile). The engine composes one and gives it `process`:
 * what happens to an item once launched stays the engine's.
 *
 * Claims run ahead of the endpoint: while its breaker is closed (and no rate cap applies), a claim takes a few
 * items more than there are free slots, with their attempts recorded in the same commit, and keeps them
 * ready; a slot that frees is given the next ready item at once, and the claim that tops the reserve up
 * commits meanwhile. The commit is then off each send's path. The price, stated: a crash (not a stop, which
 * puts ready items back) leaves those few items with an attempt recorded and never sent, and they are
 * treated as ones that may have posted — checked with the EHR or held for verification, never sent blind.
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
import type { EngineConnection } from './engine-options';
import type { EngineWriter } from './engine-writer';
import type { PreparedPost } from './engine-writes';
import { describeRequest, withTenderDetails, type ReadyToSend, type Sending } from './sending';
import type { SettlementWriter } from './settlement';

type PreparedWithRequest = PreparedPost & { readonly prepared: ReadyToSend['request'] };

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
   * finds less due work than it wants, so a burst is not starved until the next look for work.
   */
  readonly admit: (now: number) => number;
  /** How many claimed items to keep ready beyond the free slots (0: claim only what can start now). */
  readonly ahead: number;
}

interface Ready {
  readonly item: ClaimedPosting;
  readonly ready: ReadyToSend | null;
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
  /** Per connection, items claimed (attempts recorded) and not launched yet, in claim order. */
  private readonly reserve = new Map<string, Ready[]>();

  constructor(private readonly deps: ClaimingDeps) {}

  get owner(): string {
    return this.currentOwner;
  }

  /** The writer thread crashed: claims from now on are a new owner's, with tokens counted afresh. */
  newOwner(): void {
    this.currentOwner = randomUUID();
    this.lastToken = 0;
  }

  /** Whether any claim is waiting for its commit, or claimed items wait for a slot. */
  get pending(): boolean {
    return this.claiming.size > 0 || [...this.reserve.values()].some((r) => r.length > 0);
  }

  /** Puts every reserved item back (engine stop): nothing was sent for them; their attempts are withdrawn. */
  async putBackReserve(): Promise<void> {
    const items = [...this.reserve.values()].flatMap((r) => r.splice(0));
    await Promise.allSettled(items.map((r) => this.putBack(r)));
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
    if (!guard || !this.deps.running()) return Promise.resolve(0);
    const reserve = this.launchReserved(connection, guard);
    // One claim at a time per connection: items claimed but not launched yet do not count against the room.
    // A slot freed meanwhile is claimed right after it.
    const pending = this.claiming.get(id);
    if (pending) {
      this.claimAgain.add(id);
      return pending;
    }
    const open = guard.breakerState() === 'closed' && guard.blockedUntil() === null;
    const room = guard.room() + (open ? this.deps.ahead : 0) - reserve.length;
    if (room <= 0) return Promise.resolve(0);
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
        const claimedNow = claimed.map(({ item, attemptId }) => {
          const post = prepared.get(item.id);
          const ready =
            attemptId !== null && post ? sending.recordedWithClaim(post.prepared, attemptId, now) : null;
          return { item, ready };
        });
        if (this.deps.running()) {
          this.reserveOf(id).push(...claimedNow);
          this.launchReserved(connection, guard);
        } else for (const r of claimedNow) void this.putBack(r);
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

  private reserveOf(connectionId: string): Ready[] {
    let reserve = this.reserve.get(connectionId);
    if (!reserve) this.reserve.set(connectionId, (reserve = []));
    return reserve;
  }

  /**
   * Gives free slots the reserved items, in claim order; returns what is left reserved. What is left when the
   * breaker is no longer closed (or a rate cap holds back) is put back: it waits as any other due work does.
   */
  private launchReserved(connection: EngineConnection, guard: EndpointGuard): readonly Ready[] {
    const reserve = this.reserveOf(connection.connector.connectionId);
    // The room already says what a breaker or rate cap lets through (an open breaker's one probe).
    for (let room = guard.room(); room > 0; room--) {
      const next = reserve.shift();
      if (!next) break;
      this.launch(connection, guard, next.item, next.ready);
    }
    if (reserve.length > 0 && (guard.breakerState() !== 'closed' || guard.blockedUntil() !== null)) {
      for (const r of reserve.splice(0)) void this.putBack(r);
    }
    return reserve;
  }

  /** A claimed item not sent returns to its earlier state; its recorded attempt is withdrawn. */
  private putBack({ item, ready }: Ready): Promise<void> {
    const task = this.deps.settlement
      .putBack(item, ready?.attemptId ?? null)
      .catch((error: unknown) => this.deps.abandon(item, error))
      .finally(() => {
        this.inFlight.delete(task);
        this.deps.flushChanges();
      });
    // Counted as work in flight until written: waiting for idle (tests, shutdown) includes it.
    this.inFlight.add(task);
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
    // Less due than wanted: what intake queued since the last look for work is admitted now rather than
    // at the next poll, so free slots are not left idle until then.
    if (due.length < limit && this.deps.admit(now) > 0) due = work.dueNow(id, now, limit);
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
      void this.claimFor(connection);
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
