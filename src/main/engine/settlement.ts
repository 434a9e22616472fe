/**
 * Settlement: a claimed posting's new state, written with the answer of the attempt that led to it, on the
 * engine's writer thread (engine-writes.ts), and only while this engine's claim still holds. A claim taken over meanwhile (its
 * lease ran out and another engine recovered it) writes nothing: the late answer is logged, and the newer
 * state stands.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type { AttemptResult, ClaimedPosting, Settlement } from '../store/repositories/posting-work';
import { blankSettlement } from './decision';
import type { EngineWriter } from './engine-writer';
import { ENGINE_TEXT } from './operator-text';

/** An attempt's answer, written together with the posting's new state. */
export type FinishedAttempt = AttemptResult & { readonly attemptId: number };

export interface SettlementDeps {
  readonly repos: Repositories;
  readonly writer: EngineWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tables a write touched, for one `db.changed` per burst. */
  readonly changed: (...tables: ('postings' | 'attempts' | 'audit_events')[]) => void;
  /** Postings that just reached Failure (for the notification digest). */
  readonly failed: (postingId: number) => void;
}

/** What a write on the claimed item needs of it (plain data: it crosses to the writer thread). */
const held = ({ id, lease, previousStatus, verifyFirst }: ClaimedPosting) => ({
  id,
  lease,
  previousStatus,
  verifyFirst,
});

export function createSettlement(deps: SettlementDeps) {
  const { repos, writer, clock, logger, changed } = deps;

  const fencedOff = (item: ClaimedPosting, what: string, details: Record<string, unknown>) => {
    logger.warn(
      { postingId: item.id, leaseToken: item.lease.token, ...details },
      `${what} not written: this engine's claim on the posting was taken over`,
    );
  };

  /**
   * The posting's new state. A crash before its commit leaves the attempt open, which recovery treats as
   * "may have posted" (looked up before anything is sent again).
   */
  async function settle(
    item: ClaimedPosting,
    settlement: Settlement,
    attempt?: FinishedAttempt,
  ): Promise<void> {
    const written = await writer.run('settle', held(item), settlement, clock.now(), attempt ?? null);
    if (!written) {
      // What the EHR answered still matters to whoever verifies the item: it goes to the log.
      fencedOff(item, 'settlement', {
        status: settlement.status,
        ehrReference: settlement.ehrReference,
        httpStatus: attempt?.httpStatus ?? null,
      });
      return;
    }
    changed('postings', 'audit_events', ...(attempt ? (['attempts'] as const) : []));
    if (settlement.status === 'failure') deps.failed(item.id);
  }

  /**
   * Nothing was sent (the breaker refused the call, or the engine stopped): the item waits, it does not fail.
   * An attempt recorded ahead of the send is withdrawn in the same commit: nothing went out, nothing is in doubt.
   */
  async function putBack(item: ClaimedPosting, attemptId: number | null = null): Promise<void> {
    const written = await writer.run('putBack', held(item), attemptId, clock.now());
    if (!written) return fencedOff(item, 'put-back', {});
    changed('postings', 'attempts');
  }

  /** One bad item must not stop the rest: it is parked with the reason, for a person to look at. */
  async function isolate(item: ClaimedPosting, error: unknown): Promise<void> {
    logger.error({ err: error, postingId: item.id }, 'posting isolated after an internal error');
    const open = repos.attempts.forPosting(item.id).some((a) => a.finishedAt === null);
    await settle(item, {
      ...blankSettlement(),
      status: open ? 'needs_verification' : 'not_applicable',
      verifyFirst: open,
      reasonCode: 'internal_error',
      reason: ENGINE_TEXT.internalError,
      nextStep: open ? ENGINE_TEXT.internalErrorOpen : ENGINE_TEXT.internalErrorClosed,
    });
  }

  return { settle, putBack, isolate };
}
export type SettlementWriter = ReturnType<typeof createSettlement>;
