/**
 * Sending: each request to the EHR with its attempt recorded first, while the claim still holds (so a crash
 * mid-send is found and checked before anything is sent again), and its answer described for settlement.
 */
import { REVERSAL_CAUSES, type PaymentEvent } from '../../shared/domain';
import type { Clock } from '../clock';
import type {
  EhrConnector,
  LookupResult,
  PostableEvent,
  PostResult,
  PreparedRequest,
} from '../connectors/ehr';
import type { ClaimedPosting } from '../store/repositories/posting-work';
import { classifyPost } from './classify';
import type { EngineWriter } from './engine-writer';
import type { FinishedAttempt } from './settlement';

/** A post whose attempt is recorded (in the claim's own commit, or just before): it only remains to send it. */
export interface ReadyToSend {
  readonly request: PreparedRequest;
  readonly attemptId: number;
  readonly startedAt: number;
}

export interface Sent {
  readonly result: PostResult;
  readonly attempt: FinishedAttempt;
}

export interface SendingDeps {
  readonly writer: EngineWriter;
  readonly clock: Clock;
  /** An attempt was recorded (for one `db.changed` per burst). */
  readonly recorded: () => void;
}

export function createSending({ writer, clock, recorded }: SendingDeps) {
  /** Sends a post whose attempt is already recorded, and describes its answer. */
  async function send(ready: ReadyToSend, connector: EhrConnector): Promise<Sent> {
    const result = await connector.send(ready.request);
    const finished = clock.now();
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

  /** Records an attempt as started, only while the claim holds (else LeaseLost, nothing is sent). */
  async function begin(item: ClaimedPosting, kind: 'post' | 'lookup', request: string) {
    const startedAt = clock.now();
    const attemptId = await writer.run('beginAttempt', item.id, kind, request, startedAt, item.lease);
    recorded();
    return { attemptId, startedAt };
  }

  return {
    send,

    /** A post whose attempt was recorded in its claim's own commit (engine-writes.ts, claim). */
    recordedWithClaim(request: PreparedRequest, attemptId: number, now: number): ReadyToSend {
      recorded();
      return { request, attemptId, startedAt: now };
    },

    /**
     * Records the post attempt before sending, only while the claim holds (else LeaseLost, nothing sent), and
     * sends. The answer is written by settlement, with the posting's new state.
     */
    async post(item: ClaimedPosting, request: PreparedRequest, connector: EhrConnector): Promise<Sent> {
      const { attemptId, startedAt } = await begin(item, 'post', describeRequest(request));
      return send({ request, attemptId, startedAt }, connector);
    },

    /** Records a lookup attempt (only while the claim holds), performs it, records its result. */
    async lookup(item: ClaimedPosting, externalId: string, connector: EhrConnector): Promise<LookupResult> {
      const { attemptId, startedAt: started } = await begin(
        item,
        'lookup',
        `GET lookup external id ${externalId}`,
      );
      const result = await connector.lookup(externalId);
      const finished = clock.now();
      const answer = {
        finishedAt: finished,
        durationMs: finished - started,
        httpStatus: result.ok ? 200 : result.error.httpStatus,
        outcome: result.ok && result.found ? 'duplicate' : 'retry',
        errorCode: result.ok ? (result.found ? 'found' : 'absent') : result.error.code,
        response: result.ok
          ? result.found
            ? `found ${result.ehrReference}`
            : 'not found'
          : result.error.message,
      } as const;
      await writer.run('finishAttempt', attemptId, answer);
      return result;
    },
  };
}
export type Sending = ReturnType<typeof createSending>;

/**
 * Check date, cash tendered and a reversal's cause (chargeback, eCheck return) travel in the event's extras;
 * the connector falls back when absent.
 */
export function withTenderDetails(event: PaymentEvent, extras: Record<string, unknown>): PostableEvent {
  const checkDate =
    typeof extras.checkDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(extras.checkDate)
      ? extras.checkDate
      : null;
  const tendered = extras.cashTenderedMinor;
  const cashTenderedMinor = typeof tendered === 'number' && Number.isSafeInteger(tendered) ? tendered : null;
  const reversal = REVERSAL_CAUSES.find((cause) => cause === extras.reversal) ?? null;
  return { ...event, checkDate, cashTenderedMinor, reversal };
}

/** What an attempt records of its request: method, URL and body (never a token; the body has no card number). */
export function describeRequest(request: PreparedRequest): string {
  return `${request.method} ${request.url}\n\n${request.body}`;
}
