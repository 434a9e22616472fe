/**
 * Recovery: postings another engine left in flight. An open attempt may have reached the EHR, so its item needs
 * verification (resolved by lookup where the connector can); an item with no open attempt was never sent and
 * simply goes back in the queue. Never this engine's own claims; each write is fenced on the claim as it was
 * read, so a claim that moved on meanwhile is left alone. The rows are read and written on the engine's
 * writer thread (engine-writes.ts), in one IMMEDIATE transaction, so what was read is what changes.
 */
import type { ConnectorCapabilities } from '../connectors/ehr';
import type { Logger } from '../logger';
import type { AuditRepository } from '../store/repositories/audit';
import type { PostingsRepository } from '../store/repositories/postings';
import type {
  Lease,
  PostingWorkRepository,
  Settlement,
  StrandedAttempt,
} from '../store/repositories/posting-work';
import { ENGINE_ACTOR } from './admission';
import { blankSettlement } from './decision';
import { CLAIMED_AHEAD_MAX_WAIT_MS } from './engine-options';
import type { EngineWriter } from './engine-writer';
import { CHECK_EHR_FIRST, ENGINE_TEXT } from './operator-text';

/** Beyond a request's own timeout, for the far end to finish writing what it received. */
const SETTLE_MARGIN_MS = 1_000;

/** What recovery needs to know of a connection, as plain data (it crosses to the writer thread). */
export interface RecoveryConnection {
  /** The EHR can be asked whether a payment is there (lookup), or refuses duplicates itself. */
  readonly resolvable: boolean;
  /** The longest one request of the connection may take (its connect and response timeouts). */
  readonly requestBoundMs: number;
}

export interface RecoveryPlan {
  readonly now: number;
  readonly connections: Readonly<Record<string, RecoveryConnection>>;
  /** For a connection not configured here. */
  readonly defaultRequestBoundMs: number;
}

export interface RecoveryStore {
  readonly work: PostingWorkRepository;
  readonly postings: PostingsRepository;
  readonly audit: AuditRepository;
}

/** Recovers the claims read, inside the caller's transaction (the writer thread's). Returns how many. */
export function recoverClaims(
  { work, postings, audit }: RecoveryStore,
  stranded: readonly StrandedAttempt[],
  plan: RecoveryPlan,
): number {
  const { now } = plan;
  let recovered = 0;
  for (const s of stranded) {
    const posting = postings.get(s.postingId);
    if (!posting) continue;
    const connection = Object.hasOwn(plan.connections, s.connectionId)
      ? plan.connections[s.connectionId]
      : undefined;
    const resolvable = connection?.resolvable ?? false;
    const requestBound = connection?.requestBoundMs ?? plan.defaultRequestBoundMs;
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
            // verification at once, and is looked up once that request would have timed out. The attempt
            // started at its claim, and an item claimed ahead of a free slot may have waited before it was
            // sent (at most CLAIMED_AHEAD_MAX_WAIT_MS).
            nextAttemptAt: resolvable
              ? Math.max(
                  now,
                  (s.attemptStartedAt ?? now) + CLAIMED_AHEAD_MAX_WAIT_MS + requestBound + SETTLE_MARGIN_MS,
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
    audit.append(
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
}

export interface RecoveryDeps {
  readonly writer: EngineWriter;
  readonly clock: { now(): number };
  readonly logger: Logger;
  /** This engine: its own claims are never recovered. Asked at each recovery (it changes after a writer crash). */
  readonly owner: () => string;
  /** The connections configured here. */
  readonly connectionIds: () => readonly string[];
  readonly capabilitiesOf: (connectionId: string) => ConnectorCapabilities | undefined;
  /** The longest one request of the connection may take (its connect and response timeouts). */
  readonly requestBoundOf: (connectionId: string) => number;
  readonly defaultRequestBoundMs: number;
}

export function createRecovery(deps: RecoveryDeps) {
  const { writer, clock, logger } = deps;

  const plan = (): RecoveryPlan => ({
    now: clock.now(),
    defaultRequestBoundMs: deps.defaultRequestBoundMs,
    connections: Object.fromEntries(
      deps.connectionIds().map((id) => {
        const capabilities = deps.capabilitiesOf(id);
        const resolvable = Boolean(
          capabilities && (capabilities.lookup || capabilities.serverDedupesOnExternalId),
        );
        return [id, { resolvable, requestBoundMs: deps.requestBoundOf(id) }];
      }),
    ),
  });

  /**
   * @param all every other engine's claim, lease or not: the caller holds the data folder's engine lock, so
   *   no other engine is alive. Otherwise only claims whose lease ran out.
   * @returns how many postings were recovered
   */
  async function recover(all: boolean): Promise<number> {
    const count = await writer.run('recover', deps.owner(), all, plan());
    if (count > 0) logger.warn({ count }, 'recovered postings another engine left in flight');
    return count;
  }

  /**
   * This engine's own claims whose outcome it could not write (the store refused it: a full disk). They are
   * recovered as a dead engine's would be, once the store takes writes again. Rejects while it still refuses.
   */
  async function recoverAbandoned(claims: readonly (readonly [number, Lease])[]): Promise<number> {
    const count = await writer.run('recoverAbandoned', claims, plan());
    if (count > 0) logger.warn({ count }, 'recovered postings whose outcome could not be written');
    return count;
  }

  return { recover, recoverAbandoned };
}
