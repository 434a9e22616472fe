/**
 * Admission: a stored payment event becomes its posting, routed to its channel and connection, in one
 * transaction with the audit entry. An event has one posting: admitting it again returns the same one.
 * Events stored by intake in this process or another (`clearpost import`) wait in the admission queue.
 */
import type { Database } from 'better-sqlite3';
import { holdIfAwaitingApproval } from '../approvals/hold-for-approval';
import { EHR_LABEL, type PaymentEvent } from '../../shared/domain';
import type { Repositories } from '../store/repositories';
import type { PostingWorkRepository } from '../store/repositories/posting-work';
import { holdIfPeriodClosed } from './late-events';
import { ENGINE_TEXT } from './operator-text';
import { routeEvent, type RoutingTable } from './routing';

export const ENGINE_ACTOR = 'engine';

export interface AdmissionDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly work: PostingWorkRepository;
  readonly routing: RoutingTable;
  /** The connection that posts this event, if one is configured. */
  readonly connectionFor: (event: PaymentEvent) => string | null;
  /** Whether a connection is the built-in sandbox's (simulated EHRs on loopback); unknown ids are not. */
  readonly isSandboxConnection: (connectionId: string) => boolean;
}

/** A synthetic payment (source 'sandbox') is only ever posted to the sandbox's simulated EHRs. */
const SANDBOX_ONLY = {
  status: 'not_applicable' as const,
  reasonCode: 'sandbox_payment',
  reason: ENGINE_TEXT.sandboxOnly,
  nextStep: ENGINE_TEXT.sandboxOnlyNext,
};

export function createAdmission({
  db,
  repos,
  work,
  routing,
  connectionFor,
  isSandboxConnection,
}: AdmissionDeps) {
  const admitOne = (eventId: number, now: number): number => {
    const existing = repos.postings.forEvent(eventId);
    if (existing) {
      work.dequeue(eventId);
      return existing.id;
    }
    const event = repos.events.get(eventId);
    if (!event) throw new Error(`payment event ${String(eventId)} does not exist`);
    const route = routeEvent(event, routing);
    const found = connectionFor(event);
    // A synthetic payment keeps no real connection's id, so no retry can ever send it there (work is claimed
    // per configured connection).
    const refused = event.source === 'sandbox' && found !== null && !isSandboxConnection(found);
    const connectionId = refused ? null : found;
    // Transactions here are IMMEDIATE: a deferred one that reads and then writes fails at once (SQLITE_BUSY,
    // no busy wait) when another process (`clearpost import`) committed in between.
    // The posting is written once in its first state (one row write, not an insert then an update).
    const first =
      route.channel !== 'api'
        ? {
            status: route.status,
            reasonCode: route.reasonCode,
            reason: route.reason,
            nextStep: route.nextStep,
          }
        : refused
          ? SANDBOX_ONLY
          : connectionId
            ? { status: 'pending' as const, nextAttemptAt: now }
            : {
                status: 'not_applicable' as const,
                reasonCode: 'no_connection',
                reason: ENGINE_TEXT.noConnection(EHR_LABEL[event.ehr], event.facility),
                nextStep: ENGINE_TEXT.noConnectionNext,
              };
    // Inside admitQueued's transaction the writes join it; a nested db.transaction() would open a savepoint per
    // event, which copies the pages the batch already changed into a sub-journal for nothing (an error ends the
    // whole batch anyway).
    const write = () => {
      const postingId = repos.postings.create(
        {
          eventId,
          ehr: event.ehr,
          connectionId: connectionId ?? `${event.ehr}:${refused ? 'sandbox-only' : 'unconfigured'}`,
          channel: route.channel,
          ...first,
        },
        now,
      );
      work.dequeue(eventId);
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
      holdIfPeriodClosed(repos, event, postingId, ENGINE_ACTOR, now);
      holdIfAwaitingApproval(repos, eventId, postingId, now);
      return postingId;
    };
    return db.inTransaction ? write() : db.transaction(write).immediate();
  };

  return {
    /** Routes one stored event and creates its posting; returns the posting's id. */
    admitOne,
    /** Admits up to `limit` queued events in one transaction; returns how many. */
    admitQueued(now: number, limit: number): number {
      const queued = work.queued(limit);
      if (queued.length === 0) return 0;
      db.transaction(() => {
        for (const { eventId } of queued) admitOne(eventId, now);
      }).immediate();
      return queued.length;
    },
  };
}
export type Admission = ReturnType<typeof createAdmission>;
