/**
 * Recovery: postings another engine left in flight. An open attempt may have reached the EHR, so its item needs
 * verification (resolved by lookup where the connector can); an item with no open attempt was never sent and
 * simply goes back in the queue. Never this engine's own claims; each write is fenced on the claim as it was
 * read, so a claim that moved on meanwhile is left alone.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { ConnectorCapabilities } from '../connectors/ehr';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type {
  Lease,
  PostingWorkRepository,
  Settlement,
  StrandedAttempt,
} from '../store/repositories/posting-work';
import { ENGINE_ACTOR } from './admission';
import { blankSettlement } from './decision';
import { CHECK_EHR_FIRST, ENGINE_TEXT } from './operator-text';

/** Beyond a request's own timeout, for the far end to finish writing what it received. */
const SETTLE_MARGIN_MS = 1_000;

export interface RecoveryDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly work: PostingWorkRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This engine: its own claims are never recovered. */
  readonly owner: string;
  readonly capabilitiesOf: (connectionId: string) => ConnectorCapabilities | undefined;
  /** The longest one request of the connection may take (its connect and response timeouts). */
  readonly requestBoundOf: (connectionId: string) => number;
}

export function createRecovery(deps: RecoveryDeps) {
  const { db, repos, work, clock, logger, owner } = deps;

  /** Recovers the claims `read` finds, under the write lock (IMMEDIATE), so what was read is what changes. */
  function recoverRows(read: (now: number) => StrandedAttempt[]): number {
    const now = clock.now();
    return db
      .transaction(() => {
        let recovered = 0;
        for (const s of read(now)) {
          const posting = repos.postings.get(s.postingId);
          if (!posting) continue;
          const capabilities = deps.capabilitiesOf(s.connectionId);
          const resolvable = Boolean(
            capabilities && (capabilities.lookup || capabilities.serverDedupesOnExternalId),
          );
          const settlement: Settlement =
            s.attemptId === null
              ? {
                  ...blankSettlement(),
                  status: s.attempts === 0 && !posting.verifyFirst ? 'pending' : 'retry',
                  nextAttemptAt: now,
                  windowExpiresAt: posting.windowExpiresAt,
                  verifyFirst: posting.verifyFirst,
                  reasonCode: posting.reasonCode,
                  reason: posting.reason,
                  nextStep: posting.nextStep,
                }
              : {
                  ...blankSettlement(),
                  status: 'needs_verification',
                  // A dead process's request may still be on its way to the EHR: a lookup before it could land
                  // would find nothing and the payment would be sent again. The item shows as needing
                  // verification at once, and is looked up once that request would have timed out.
                  nextAttemptAt: resolvable
                    ? Math.max(
                        now,
                        (s.attemptStartedAt ?? now) + deps.requestBoundOf(s.connectionId) + SETTLE_MARGIN_MS,
                      )
                    : null,
                  windowExpiresAt: posting.windowExpiresAt,
                  verifyFirst: true,
                  reasonCode: 'interrupted',
                  reason: ENGINE_TEXT.interrupted,
                  nextStep: resolvable ? ENGINE_TEXT.recheckByItself : CHECK_EHR_FIRST,
                };
          const claim = { owner: s.leaseOwner, token: s.leaseToken };
          if (!work.settleHeld(s.postingId, claim, settlement, now)) continue;
          if (s.attemptId !== null) {
            work.finishAttempt(s.attemptId, {
              finishedAt: now,
              durationMs: 0,
              httpStatus: null,
              outcome: 'ambiguous',
              errorCode: 'interrupted',
              response: ENGINE_TEXT.interruptedAttempt,
            });
          }
          repos.audit.append(
            {
              actor: ENGINE_ACTOR,
              action: 'posting.recovered',
              subjectType: 'posting',
              subjectId: String(s.postingId),
              details: { openAttempt: s.attemptId !== null, status: settlement.status },
            },
            now,
          );
          recovered += 1;
        }
        return recovered;
      })
      .immediate();
  }

  /**
   * @param all every other engine's claim, lease or not: the caller holds the data folder's engine lock, so
   *   no other engine is alive. Otherwise only claims whose lease ran out.
   * @returns how many postings were recovered
   */
  function recover(all: boolean): number {
    const count = recoverRows((now) => work.stranded(owner, now, all));
    if (count > 0) logger.warn({ count }, 'recovered postings another engine left in flight');
    return count;
  }

  /**
   * This engine's own claims whose outcome it could not write (the store refused it: a full disk). They are
   * recovered as a dead engine's would be, once the store takes writes again. Throws while it still refuses.
   */
  function recoverAbandoned(claims: readonly (readonly [number, Lease])[]): number {
    const count = recoverRows(() => claims.flatMap(([postingId, lease]) => work.heldClaim(postingId, lease)));
    if (count > 0) logger.warn({ count }, 'recovered postings whose outcome could not be written');
    return count;
  }

  return { recover, recoverAbandoned };
}
