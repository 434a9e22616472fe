/**
 * Matching as stored work: reads what is unmatched around a date range, records the matches the pure matcher
 * proposes (one transaction), and opens an exception for every deposit and batch of the range still without a
 * partner (aged from its own date, with an owner to be assigned). Re-running is safe: matched items are not
 * read again, and an exception is opened once. A person can also match by hand, a known difference included
 * when they say why.
 */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain';
import type { Repositories } from '../../store/repositories';
import { addDays } from '../../lib/time-zone';
import { DEFAULT_WINDOW, matchDeposits, type MatchWindow } from './match-deposits';

export interface MatchingDeps {
  readonly db: Database;
  readonly repos: Pick<Repositories, 'cashMatching' | 'bankDeposits' | 'funding'>;
  readonly clock: { now(): number };
}

export interface MatchingSummary {
  readonly matched: number;
  readonly oneToOne: number;
  readonly manyBatches: number;
  readonly manyDeposits: number;
  readonly unmatchedDeposits: number;
  readonly unmatchedBatches: number;
}

export function runMatching(
  range: { from: IsoDate; to: IsoDate },
  deps: MatchingDeps,
  window: MatchWindow = DEFAULT_WINDOW,
): MatchingSummary {
  const { cashMatching } = deps.repos;
  const now = deps.clock.now();
  return deps.db
    .transaction(() => {
      // Deposits of the range and of the days its batches may still be paid in; batches likewise.
      const deposits = cashMatching.unmatchedDeposits(
        addDays(range.from, -window.daysAfter),
        addDays(range.to, window.daysAfter),
      );
      const batches = cashMatching.unmatchedBatches(
        addDays(range.from, -window.daysAfter),
        addDays(range.to, window.daysBefore),
      );
      const result = matchDeposits(
        deposits.map((d) => ({
          id: d.id,
          date: d.bookingDate,
          amountMinor: d.amountMinor,
          currency: d.currency,
        })),
        batches.map((b) => ({
          id: b.id,
          date: b.fundingDate,
          amountMinor: b.netMinor,
          currency: b.currency,
        })),
        window,
      );
      for (const match of result.matches) {
        cashMatching.recordMatch({ ...match, matchedBy: 'clearpost', differenceMinor: 0 }, now);
      }
      const inRange = (date: IsoDate) => date >= range.from && date <= range.to;
      let unmatchedDeposits = 0;
      let unmatchedBatches = 0;
      for (const d of result.unmatchedDeposits) {
        if (!inRange(d.date)) continue;
        unmatchedDeposits += 1;
        cashMatching.openException(
          {
            subjectType: 'deposit',
            subjectId: d.id,
            since: d.date,
            amountMinor: d.amountMinor,
            currency: d.currency,
          },
          `No funding batch, alone or with others, makes this amount within ${String(window.daysBefore)} day(s) before and ${String(window.daysAfter)} after the deposit`,
          now,
        );
      }
      for (const b of result.unmatchedBatches) {
        if (!inRange(b.date)) continue;
        unmatchedBatches += 1;
        cashMatching.openException(
          {
            subjectType: 'batch',
            subjectId: b.id,
            since: b.date,
            amountMinor: b.amountMinor,
            currency: b.currency,
          },
          `No deposit, alone or with others, makes this batch's net within ${String(window.daysAfter)} day(s) of its funding date`,
          now,
        );
      }
      const count = (shape: string) => result.matches.filter((m) => m.shape === shape).length;
      return {
        matched: result.matches.length,
        oneToOne: count('one_to_one'),
        manyBatches: count('many_batches'),
        manyDeposits: count('many_deposits'),
        unmatchedDeposits,
        unmatchedBatches,
      };
    })
    .immediate();
}

export class ManualMatchError extends Error {
  constructor(
    message: string,
    /** The request's field the refusal is about, when one is (the console shows it there). */
    readonly field: 'note' | null = null,
  ) {
    super(message);
    this.name = 'ManualMatchError';
  }
}

/**
 * A supervisor's match of deposits to batches that the automatic passes could not pair. Every item must be
 * unmatched and in one currency; a difference between the two sides is accepted only with a note saying why.
 */
export function matchByHand(
  request: { depositIds: readonly number[]; batchIds: readonly number[]; actor: string; note?: string },
  deps: MatchingDeps,
): number {
  const { cashMatching, bankDeposits, funding } = deps.repos;
  return deps.db
    .transaction(() => {
      if (request.depositIds.length === 0 || request.batchIds.length === 0) {
        throw new ManualMatchError('A match needs at least one deposit and one funding batch.');
      }
      const deposits = request.depositIds.map((id) => bankDeposits.get(id));
      const batches = request.batchIds.map((id) => funding.batch(id));
      if (deposits.some((d) => d === undefined) || batches.some((b) => b === undefined)) {
        throw new ManualMatchError('A deposit or batch of this match does not exist.');
      }
      const currencies = new Set([...deposits.map((d) => d?.currency), ...batches.map((b) => b?.currency)]);
      if (currencies.size !== 1)
        throw new ManualMatchError('Deposits and batches of one match must share a currency.');
      const difference =
        deposits.reduce((sum, d) => sum + (d?.amountMinor ?? 0), 0) -
        batches.reduce((sum, b) => sum + (b?.netMinor ?? 0), 0);
      if (difference !== 0 && !request.note?.trim()) {
        throw new ManualMatchError(
          `The deposits and batches differ by ${String(difference)} minor units: say why in a note.`,
          'note',
        );
      }
      try {
        return cashMatching.recordMatch(
          {
            shape: 'manual',
            depositIds: request.depositIds,
            batchIds: request.batchIds,
            matchedBy: request.actor,
            differenceMinor: difference,
            note: request.note?.trim() || null,
          },
          deps.clock.now(),
        );
      } catch (error) {
        if (error instanceof Error && /UNIQUE/.test(error.message)) {
          throw new ManualMatchError('A deposit or batch of this match is already matched.');
        }
        throw error;
      }
    })
    .immediate();
}
