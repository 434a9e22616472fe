/**
 * The engine's durable writes, as the writer thread runs them (engine-writer-worker.ts) on its own connection:
 * each takes plain data and returns plain data, and runs inside the writer's transaction for its batch.
 * The fences are the repository's: a claim's writes name its owner and lease token and change nothing once
 * they no longer match (`settleHeld` answers false; `beginAttempt` throws `LeaseLost`, which reaches the
 * caller as the same class).
 */
import type { Database } from 'better-sqlite3';
import { auditRepository } from '../store/repositories/audit';
import {
  postingWorkRepository,
  type AttemptResult,
  type ClaimedPosting,
  type Lease,
  type Settlement,
} from '../store/repositories/posting-work';
import { postingsRepository } from '../store/repositories/postings';
import { ENGINE_ACTOR } from './admission';
import { recoverClaims, type RecoveryPlan } from './recovery';

/** A due posting whose post the engine prepared before claiming: recorded in the claim's own transaction. */
export interface PreparedPost {
  readonly id: number;
  /** The posting as the engine read it when deciding to send; the attempt is recorded only if it still is. */
  readonly attempts: number;
  readonly verifyFirst: boolean;
  readonly windowExpiresAt: number | null;
  readonly reasonCode: string | null;
  /** What the attempt records of the request (sending.ts, describeRequest). */
  readonly request: string;
}

export interface ClaimRequest {
  readonly connectionId: string;
  readonly now: number;
  readonly limit: number;
  readonly owner: string;
  readonly leaseUntil: number;
  readonly firstToken: number;
  readonly posts: readonly PreparedPost[];
}

export interface ClaimAnswer {
  readonly item: ClaimedPosting;
  /** The post attempt recorded with the claim, or null: the item goes the long way (engine.process). */
  readonly attemptId: number | null;
}

/** The claimed posting a settlement or put-back is for, as far as the write needs it. */
export type HeldItem = Pick<ClaimedPosting, 'id' | 'lease' | 'previousStatus' | 'verifyFirst'>;

export function engineWrites(db: Database) {
  const work = postingWorkRepository(db);
  const postings = postingsRepository(db);
  const audit = auditRepository(db);

  const stillAsRead = (item: ClaimedPosting, post: PreparedPost | undefined): post is PreparedPost =>
    post !== undefined &&
    post.attempts === item.attempts &&
    post.verifyFirst === item.verifyFirst &&
    post.windowExpiresAt === item.windowExpiresAt &&
    post.reasonCode === item.reasonCode;

  return {
    /** Takes the connection's due work under a lease; records the attempt of each prepared plain post. */
    claim(request: ClaimRequest): ClaimAnswer[] {
      const { connectionId, now, limit, owner, leaseUntil, firstToken } = request;
      const posts = new Map(request.posts.map((p) => [p.id, p]));
      return work.claimDue(connectionId, now, limit, owner, leaseUntil, firstToken).map((item) => {
        const post = posts.get(item.id);
        return {
          item,
          attemptId: stillAsRead(item, post) ? work.beginAttempt(item.id, 'post', post.request, now) : null,
        };
      });
    },

    /** Records an attempt before it is sent, only while the claim holds (else LeaseLost, nothing written). */
    beginAttempt(
      postingId: number,
      kind: 'post' | 'lookup',
      request: string,
      now: number,
      lease: Lease,
    ): number {
      return work.beginAttempt(postingId, kind, request, now, lease);
    },

    finishAttempt(attemptId: number, result: AttemptResult): null {
      work.finishAttempt(attemptId, result);
      return null;
    },

    /**
     * The posting's new state with its attempt's answer and the audit entry, only while the claim holds;
     * false (nothing written) when it was taken over meanwhile.
     */
    settle(
      item: HeldItem,
      settlement: Settlement,
      now: number,
      attempt: (AttemptResult & { readonly attemptId: number }) | null,
    ): boolean {
      if (!work.settleHeld(item.id, item.lease, settlement, now)) return false;
      if (attempt) work.finishAttempt(attempt.attemptId, attempt);
      audit.append(
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
      return true;
    },

    /**
     * Nothing was sent: the item returns to its earlier state, due now, and an attempt recorded ahead of the
     * send is withdrawn. Only while the claim holds; false otherwise.
     */
    putBack(item: HeldItem, attemptId: number | null, now: number): boolean {
      const posting = postings.get(item.id);
      if (!posting) return false;
      const restored: Settlement = {
        status: item.previousStatus,
        nextAttemptAt: now,
        windowExpiresAt: posting.windowExpiresAt,
        verifyFirst: item.verifyFirst,
        ehrReference: posting.ehrReference,
        reasonCode: posting.reasonCode,
        reason: posting.reason,
        nextStep: posting.nextStep,
        resolvedAt: null,
      };
      if (!work.settleHeld(item.id, item.lease, restored, now)) return false;
      if (attemptId !== null) work.withdrawAttempt(attemptId);
      return true;
    },

    /** Extends every claim an engine holds: its requests are still in flight. */
    renewLeases(owner: string, leaseUntil: number): number {
      return work.renewLeases(owner, leaseUntil);
    },

    /** Other engines' claims left in flight (lease run out, or `all` of them): recovered. */
    recover(owner: string, all: boolean, plan: RecoveryPlan): number {
      return recoverClaims({ work, postings, audit }, work.stranded(owner, plan.now, all), plan);
    },

    /** This engine's own claims whose outcome could not be written, recovered as a dead engine's would be. */
    recoverAbandoned(claims: readonly (readonly [number, Lease])[], plan: RecoveryPlan): number {
      const held = claims.flatMap(([postingId, lease]) => work.heldClaim(postingId, lease));
      return recoverClaims({ work, postings, audit }, held, plan);
    },
  };
}
export type EngineWrites = ReturnType<typeof engineWrites>;
