/**
 * The single path every inbound payment takes, whatever its source (webhook, report file, backfill, manual
 * entry, the sandbox's processor):
 *
 *   card guard → source mapping → schema validation → store the event
 *                                   ↘ or quarantine the redacted input with a reason code and plain reason
 *
 * Nothing is silently dropped and nothing unredacted is stored: the mapper only ever sees the redacted input,
 * and an input with card data never goes further than quarantine. Repeats are idempotent: an event on its
 * (processor transaction id, kind); a quarantined input on its dedupe key.
 */
import type { Database } from 'better-sqlite3';
import type { EventSource } from '../../shared/domain';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { canonicalJson } from '../store/canonical-json';
import type { NewPaymentEvent } from '../store/repositories/events';
import type { Repositories } from '../store/repositories';
import { plainlyValidEvent } from './canonical/event-fast-check';
import {
  describeFindings,
  guard,
  type CardFinding,
  type GuardOptions,
  type GuardResult,
} from '../lib/card-guard';
import { sha256 } from '../lib/sha256';
import { CanonicalEventSchema, summarizeIssues } from './event-schema';
import { reject, type IntakeReasonCode, type IntakeRejection } from './quarantine-reasons';
import { withholdFields } from './withhold-fields';

/** `post`: the engine routes and posts it. `declined`: recorded with its reason and never posted. */
export type Disposition = 'post' | 'declined';

export type MapOutcome =
  | { readonly ok: true; readonly event: NewPaymentEvent; readonly disposition: Disposition }
  | { readonly ok: false; readonly rejection: IntakeRejection };

export interface IngestRequest {
  readonly source: EventSource;
  /** Where the input came from, for the operator: `webhook:<trace id>`, `<file name>#row 12`. No card data. */
  readonly sourceRef: string | null;
  /**
   * Identifies repeats of this input when it ends in quarantine. Defaults to a hash of the redacted input;
   * pass one when the input carries per-delivery noise (a webhook's trace id and retry number), or say how
   * to work it out from the redacted payload (PayloadDedupeKey), which is then done only for an input that
   * does end in quarantine.
   */
  readonly dedupeKey?: string | PayloadDedupeKey | null;
  /** The inbound record exactly as received (parsed JSON, a CSV row as header → value…). */
  readonly input: unknown;
  /**
   * The input already through the card guard with the processor's options (a webhook receiver reads its
   * envelope fields from the redacted copy): screening uses it rather than walking the input a second time.
   * Never for what a person typed (`typedByPerson`), which is guarded with other options.
   */
  readonly guarded?: GuardResult;
  /** Maps the redacted input to a canonical event, or says why it cannot. Must not throw; if it does, quarantine. */
  readonly map: (redacted: unknown) => MapOutcome;
  /**
   * What a person typed (a manual entry): the processor's identifier fields are scanned for card numbers too,
   * since a "receipt number" typed by hand may be one.
   */
  readonly typedByPerson?: boolean;
  /** Fields the mapper may read but quarantine must not keep (the payer's date of birth). */
  readonly withheldFields?: readonly string[];
  /**
   * Set when an operator releases a quarantined input: a refusal updates that entry's reason instead of
   * adding a new entry, so the input stays in quarantine once, with the latest reason.
   */
  readonly requarantineId?: number;
}

/**
 * A dedupe key read from the redacted input's `payload` and a name: `<prefix>:sha256(<name>\n<canonical
 * payload>)`. A webhook's, so that a redelivery (new trace id, new retry number, same payload) is a repeat.
 */
export interface PayloadDedupeKey {
  readonly prefix: string;
  readonly name: string;
}

function dedupeKeyOf(request: StoreRequest, redacted: unknown, redactedInput: string): string {
  const key = request.dedupeKey;
  if (typeof key === 'string') return key;
  if (!key) return `${request.source}:${sha256(redactedInput)}`;
  const payload =
    redacted !== null && typeof redacted === 'object'
      ? (redacted as { payload?: unknown }).payload
      : undefined;
  // canonicalJson is typed as string but, like JSON.stringify, returns undefined when there is no payload.
  const payloadJson = canonicalJson(payload) as string | undefined;
  return `${key.prefix}:${sha256(`${key.name}\n${payloadJson ?? ''}`)}`;
}

/** What storing a screened input needs of its request (no mapper, no raw input: they served screening). */
export type StoreRequest = Pick<
  IngestRequest,
  'source' | 'sourceRef' | 'dedupeKey' | 'withheldFields' | 'requarantineId'
>;

export interface StoredEvent {
  readonly eventId: number;
  readonly event: NewPaymentEvent;
  readonly disposition: Disposition;
}

export type IngestResult =
  | { readonly outcome: 'stored'; readonly eventId: number; readonly disposition: Disposition }
  | { readonly outcome: 'duplicate'; readonly eventId: number }
  | {
      readonly outcome: 'quarantined';
      readonly quarantineId: number;
      readonly reasonCode: IntakeReasonCode;
      /** True when this input was already in quarantine (a redelivery): nothing new was stored. */
      readonly repeat: boolean;
    };

export interface IngestDeps {
  readonly db: Database;
  readonly repos: Pick<Repositories, 'events' | 'quarantine' | 'intakeKeys'>;
  readonly clock: Clock;
  readonly logger?: Logger;
  /**
   * Called inside the storing transaction for each newly stored event, so that whatever the engine records
   * for it (its posting) commits or rolls back together with the event.
   */
  readonly onEventStored?: (stored: StoredEvent) => void;
  /**
   * The largest amount (minor units, either sign) intake accepts; above it the input is quarantined. A sanity
   * ceiling, not a business limit: it keeps a typo or a corrupt row from entering the day's totals.
   */
  readonly amountCeilingMinor?: number;
}

/**
 * Default ceiling: 10,000,000.00 in a two-decimal currency. At that size a day would need 900 million rows
 * to pass 2^53 minor units, so no day's total can overflow; sites raise or lower it in intake settings.
 */
export const DEFAULT_AMOUNT_CEILING_MINOR = 1_000_000_000;
/** The highest ceiling a site may set (still a million rows a day from 2^53). */
export const MAX_AMOUNT_CEILING_MINOR = 9_000_000_000;

/** Runs one input through the intake path in one transaction (a savepoint when the caller holds one). */
export function ingest(request: IngestRequest, deps: IngestDeps): IngestResult {
  // Guarding, mapping and validating touch no table: done before the transaction, so the write lock is held
  // only for the inserts.
  const decision = screen(request, deps.amountCeilingMinor);
  const result = inTransaction(deps.db, () => store(request, decision, deps));
  logQuarantined(request, result, deps);
  return result;
}

/**
 * Runs many inputs (the rows of a report file) through the same path as `ingest`, all in one transaction and
 * without a savepoint per input: savepoints make SQLite copy every page an input touches into a statement
 * journal, which doubled the cost of storing a row. Each input still gets its own outcome (stored,
 * duplicate, or quarantined with its reason), so a bad row never stops the good rows beside it. What a
 * savepoint per input would have added is recovery from a storage error (a full disk, a constraint the
 * schema validation let through): here the whole batch rolls back and the error propagates, which is what
 * the per-input savepoints led to anyway, since nothing caught the error between them.
 */
export function ingestBatch(requests: readonly IngestRequest[], deps: IngestDeps): IngestResult[] {
  const decisions = requests.map((request) => screen(request, deps.amountCeilingMinor));
  const results = inTransactionMany(deps.db, () =>
    requests.map((request, i) => {
      const decision = decisions[i];
      if (decision === undefined) throw new Error('ingestBatch: no decision for an input');
      return store(request, decision, deps);
    }),
  );
  requests.forEach((request, i) => {
    const result = results[i];
    if (result) logQuarantined(request, result, deps);
  });
  return results;
}

/** An input guarded, mapped and validated: what storing it needs, and plain data (it may cross threads). */
export interface Screened {
  readonly redacted: unknown;
  readonly decision: MapOutcome;
}

/** Guards, maps and validates one input; touches no table. */
export function screen(request: IngestRequest, ceiling = DEFAULT_AMOUNT_CEILING_MINOR): Screened {
  const options = { trustProcessorIds: request.typedByPerson !== true };
  const { redacted, findings } =
    request.guarded && request.typedByPerson !== true ? request.guarded : guard(request.input, options);
  const decision = decide(request, redacted, findings, options);
  if (decision.ok && Math.abs(decision.event.amountMinor) > ceiling) {
    return {
      redacted,
      decision: {
        ok: false,
        rejection: reject('above_ceiling', `The ceiling is ${String(ceiling)} minor units.`),
      },
    };
  }
  return { redacted, decision };
}

const PAYMENT_SIBLING: Partial<Record<NewPaymentEvent['kind'], NewPaymentEvent['kind']>> = {
  one_time_payment: 'payment_plan',
  payment_plan: 'one_time_payment',
};

/**
 * Stores one screened input inside the caller's transaction (a writer thread's batch): the second half of
 * `ingest`, for a caller that screened on another thread. Logging is the caller's (`logQuarantined`).
 */
export function storeScreened(request: StoreRequest, screened: Screened, deps: IngestDeps): IngestResult {
  return store(request, screened, deps);
}

function store(request: StoreRequest, screened: Screened, deps: IngestDeps): IngestResult {
  const now = deps.clock.now();
  const { redacted, decision } = screened;
  if (!decision.ok) return quarantine(request, redacted, decision.rejection, deps, now);
  // A processor transaction id belongs to one kind only, whatever the path (webhook, report, backfill, a
  // released quarantine entry): a second kind is refused, the first event untouched. A plan installment and
  // a one-time payment are one payment read two ways (a report cannot tell them apart), so the same
  // transaction arriving once from a report and once by webhook stays one payment, whichever kind each gave.
  const { kind, processorTxnId } = decision.event;
  const conflicting = deps.repos.events
    .kindsOf(processorTxnId)
    .filter((k) => k !== kind && !(PAYMENT_SIBLING[k] && PAYMENT_SIBLING[kind]));
  if (conflicting.length > 0) {
    const detail = `It is already held as ${conflicting.join(', ')}; this input says ${kind}.`;
    return quarantine(request, redacted, reject('kind_conflict', detail), deps, now);
  }
  const sibling = PAYMENT_SIBLING[decision.event.kind];
  const had = sibling ? deps.repos.events.findByTxn(decision.event.processorTxnId, sibling) : undefined;
  if (had) return { outcome: 'duplicate', eventId: had.id };
  const { id, created } = deps.repos.events.insert(decision.event, now);
  if (!created) return { outcome: 'duplicate', eventId: id };
  deps.onEventStored?.({ eventId: id, event: decision.event, disposition: decision.disposition });
  return { outcome: 'stored', eventId: id, disposition: decision.disposition };
}

export function logQuarantined(request: StoreRequest, result: IngestResult, deps: IngestDeps): void {
  if (result.outcome !== 'quarantined' || result.repeat) return;
  deps.logger?.warn(
    {
      source: request.source,
      sourceRef: request.sourceRef,
      reasonCode: result.reasonCode,
      quarantineId: result.quarantineId,
    },
    'intake input quarantined',
  );
}

// better-sqlite3 builds a transaction wrapper per call to db.transaction(); one per database is enough.
const runners = new WeakMap<Database, (work: () => IngestResult) => IngestResult>();
const batchRunners = new WeakMap<Database, (work: () => IngestResult[]) => IngestResult[]>();

function inTransaction(db: Database, work: () => IngestResult): IngestResult {
  let run = runners.get(db);
  if (!run) {
    // IMMEDIATE: the write lock first, then the dedupe reads. A deferred transaction that reads and then writes
    // fails at once (SQLITE_BUSY, no busy wait) when another process (serve mode's engine) committed between.
    const tx = db.transaction((w: () => IngestResult) => w());
    run = (w) => tx.immediate(w);
    runners.set(db, run);
  }
  return run(work);
}

function inTransactionMany(db: Database, work: () => IngestResult[]): IngestResult[] {
  let run = batchRunners.get(db);
  if (!run) {
    const tx = db.transaction((w: () => IngestResult[]) => w()); // IMMEDIATE: see inTransaction
    run = (w) => tx.immediate(w);
    batchRunners.set(db, run);
  }
  return run(work);
}

function decide(
  request: IngestRequest,
  redacted: unknown,
  findings: readonly CardFinding[],
  options: GuardOptions,
): MapOutcome {
  if (findings.length > 0) return { ok: false, rejection: cardRejection(findings) };
  let mapped: MapOutcome;
  try {
    mapped = request.map(redacted);
  } catch (error) {
    // A mapper bug must not lose the input: it goes to quarantine like any other refusal.
    const name = error instanceof Error ? error.name : 'error';
    return { ok: false, rejection: reject('invalid_payload', `The input could not be mapped (${name}).`) };
  }
  if (!mapped.ok) return mapped;
  if (!plainlyValidEvent(mapped.event)) {
    const parsed = CanonicalEventSchema.safeParse(mapped.event);
    if (!parsed.success) {
      return { ok: false, rejection: reject('invalid_event', summarizeIssues(parsed.error)) };
    }
  }
  // Defence in depth: a mapper that joined fields could have assembled a card number.
  const second = guard(mapped.event, options).findings;
  if (second.length > 0) return { ok: false, rejection: cardRejection(second) };
  return mapped;
}

function cardRejection(findings: readonly CardFinding[]): IntakeRejection {
  const code: IntakeReasonCode = findings.some((f) => f.kind === 'card_number')
    ? 'card_number'
    : findings.some((f) => f.kind === 'cvv')
      ? 'cvv'
      : 'unscannable';
  return { reasonCode: code, reason: describeFindings(findings) };
}

function quarantine(
  request: StoreRequest,
  redacted: unknown,
  rejection: IntakeRejection,
  deps: IngestDeps,
  now: number,
): IngestResult {
  if (request.requarantineId !== undefined) {
    deps.repos.quarantine.requarantine(request.requarantineId, rejection, now);
    return {
      outcome: 'quarantined',
      quarantineId: request.requarantineId,
      reasonCode: rejection.reasonCode,
      repeat: false,
    };
  }
  const kept = withholdFields(redacted, request.withheldFields ?? []);
  // canonicalJson is typed as string but, like JSON.stringify, returns undefined for an undefined input.
  const redactedInput = (canonicalJson(kept) as string | undefined) ?? 'null';
  const key = dedupeKeyOf(request, redacted, redactedInput);
  const existing = deps.repos.intakeKeys.find(key);
  if (existing !== null) {
    return { outcome: 'quarantined', quarantineId: existing, reasonCode: rejection.reasonCode, repeat: true };
  }
  const row = deps.repos.quarantine.add(
    {
      source: request.source,
      sourceRef: request.sourceRef,
      reasonCode: rejection.reasonCode,
      reason: rejection.reason,
      redactedInput,
    },
    now,
  );
  deps.repos.intakeKeys.remember(key, row.id, now);
  return { outcome: 'quarantined', quarantineId: row.id, reasonCode: rejection.reasonCode, repeat: false };
}

/** Re-exported for the webhook handler, which names the digest of a body it quarantines. */
