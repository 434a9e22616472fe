/**
 * What an operator may do to a posting from the console. Every action is checked against the posting's
 * state, attributed to the person, audited, and announced; none of them can post a payment twice:
 * "retry now" goes through the same verification as the engine's own re-posts.
 */
import type { Database } from 'better-sqlite3';
import { STATUS_INFO, type Posting, type PostingStatus } from '../../shared/domain';
import type { EventBus } from '../lib/event-bus';
import type { Clock } from '../clock';
import type { Repositories } from '../store/repositories';
import { postingWorkRepository } from '../store/repositories/posting-work';
import { releaseLateEvent } from '../reconciliation/close/late-release';

export interface OperatorContext {
  readonly db: Database;
  readonly repos: Repositories;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** The retry window of the posting's connection, for a fresh window after "retry now". */
  readonly windowMsFor: (connectionId: string) => number;
  /** Wakes the engine so a retried item goes at once. */
  readonly wake: () => void;
}

const APPROVAL_HOLD = {
  pending: "The posting awaits a second person's approval: it is released when approved (Approvals screen).",
  rejected: 'The entry was rejected in two-person approval: it is never posted.',
} as const;

const RETRYABLE: readonly PostingStatus[] = ['retry', 'failure', 'not_applicable', 'needs_verification'];
const CLOSED: readonly PostingStatus[] = ['success', 'manually_posted', 'will_not_be_sent', 'declined'];

/** An operator action the posting's state does not allow; the console shows the message as it is. */
export class ActionRefused extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'ActionRefused';
  }
}

export function operatorActions(ctx: OperatorContext) {
  const { db, repos, bus, clock } = ctx;
  const work = postingWorkRepository(db);

  const load = (id: number): Posting => {
    const posting = repos.postings.get(id);
    if (!posting) throw new ActionRefused('not_found', `Posting ${String(id)} does not exist`);
    return posting;
  };
  const refuse = (posting: Posting, what: string): never => {
    throw new ActionRefused(
      'conflict',
      `Cannot ${what}: the posting is ${STATUS_INFO[posting.status].label}.`,
    );
  };
  const audit = (
    actor: string,
    action: string,
    posting: Posting,
    details: Record<string, unknown>,
    now: number,
  ) =>
    repos.audit.append(
      { actor, action, subjectType: 'posting', subjectId: String(posting.id), details },
      now,
    );

  return {
    /**
     * Sends the posting again now. When any earlier attempt may have reached the EHR, the engine looks it up
     * first (or relies on the EHR's deduplication); `confirmedNotInEhr` records that the operator checked
     * the EHR by hand, for EHRs that can be neither asked nor trusted to refuse duplicates.
     */
    retryNow(id: number, actor: string, confirmedNotInEhr: boolean): Posting {
      const now = clock.now();
      // The checks and the write under one write lock (IMMEDIATE): the engine cannot claim the item between.
      db.transaction(() => {
        const posting = load(id);
        if (posting.channel !== 'api') refuse(posting, 'retry a posting that is not sent by API');
        if (!RETRYABLE.includes(posting.status)) refuse(posting, 'retry it');
        if (posting.held) throw new ActionRefused('conflict', 'The posting is on hold: release it first.');
        const doubt = posting.verifyFirst || posting.status === 'needs_verification';
        work.settle(
          id,
          {
            status: 'retry',
            nextAttemptAt: now,
            windowExpiresAt: now + ctx.windowMsFor(posting.connectionId),
            verifyFirst: doubt && !confirmedNotInEhr,
            ehrReference: null,
            reasonCode: 'operator_retry',
            reason: `Sent again by ${actor}.`,
            nextStep: null,
            resolvedAt: null,
          },
          now,
        );
        audit(actor, 'posting.retry_now', posting, { from: posting.status, confirmedNotInEhr }, now);
      }).immediate();
      bus.changed('postings', 'audit_events');
      ctx.wake();
      return load(id);
    },

    /** Records that the operator posted it in the EHR; retries stop and reconciliation counts it. */
    markManual(id: number, actor: string, ehrReference: string, note: string): Posting {
      const now = clock.now();
      // The checks and the write under one write lock (IMMEDIATE): the engine cannot claim the item between.
      db.transaction(() => {
        const posting = load(id);
        if (CLOSED.includes(posting.status) || posting.status === 'in_flight')
          refuse(posting, 'mark it manually posted');
        work.settle(
          id,
          {
            status: 'manually_posted',
            nextAttemptAt: null,
            windowExpiresAt: posting.windowExpiresAt,
            verifyFirst: false,
            ehrReference,
            reasonCode: 'manual_post',
            reason: `Posted manually in the EHR by ${actor}.`,
            nextStep: null,
            resolvedAt: now,
          },
          now,
        );
        repos.notes.add(id, 'note', actor, note, now);
        audit(actor, 'posting.manually_posted', posting, { from: posting.status, ehrReference }, now);
      }).immediate();
      bus.changed('postings', 'notes', 'audit_events');
      return load(id);
    },

    /**
     * Holds keep the engine's hands off an item an operator is working on; release hands it back. A hold that
     * two-person approval keeps is not anyone's to release; releasing a late payment of a closed month moves
     * it into the open month's balance from now on (reconciliation/close/late-release.ts).
     */
    setHeld(id: number, actor: string, held: boolean): Posting {
      const posting = load(id);
      if (posting.held === held) return posting;
      if (held && CLOSED.includes(posting.status)) refuse(posting, 'hold it');
      const now = clock.now();
      db.transaction(() => {
        const approval = held ? null : repos.approvals.blocksRelease(posting.eventId);
        if (approval) throw new ActionRefused('conflict', APPROVAL_HOLD[approval]);
        db.prepare('UPDATE postings SET held = ?, updated_at = ? WHERE id = ?').run(held ? 1 : 0, now, id);
        audit(actor, held ? 'posting.held' : 'posting.released', posting, {}, now);
        if (!held) releaseLateEvent(repos, posting, actor, now);
      }).immediate();
      bus.changed('postings', 'audit_events');
      if (!held) ctx.wake();
      return load(id);
    },

    assign(id: number, actor: string, assignee: string | null): Posting {
      const posting = load(id);
      const now = clock.now();
      db.transaction(() => {
        db.prepare('UPDATE postings SET assignee = ?, updated_at = ? WHERE id = ?').run(assignee, now, id);
        audit(actor, 'posting.assigned', posting, { from: posting.assignee, to: assignee }, now);
      }).immediate();
      bus.changed('postings', 'audit_events');
      return load(id);
    },
  };
}
export type OperatorActions = ReturnType<typeof operatorActions>;
