/**
 * Deposits to funding batches, by amount and date window (pure: the caller reads and stores). Three passes,
 * each on what the earlier left over:
 *   1. one deposit for one batch, same currency and amount, the deposit's day nearest the funding date;
 *   2. one deposit for several batches (the processor paid several batches in one transfer);
 *   3. several deposits for one batch (the bank split it, e.g. card brands funded apart).
 * Splits are found by a bounded subset search over the nearest candidates, smallest groups first, so the
 * work per deposit stays small whatever the month holds. What remains is an exception for a person.
 */
import type { IsoDate } from '../../../shared/domain';

export interface DepositCandidate {
  readonly id: number;
  readonly date: IsoDate;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface BatchCandidate {
  readonly id: number;
  readonly date: IsoDate;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface MatchWindow {
  /** Days a deposit may be booked before the batch's funding date. */
  readonly daysBefore: number;
  /** Days a deposit may be booked after it (processors fund one to three business days after settling). */
  readonly daysAfter: number;
}

export const DEFAULT_WINDOW: MatchWindow = { daysBefore: 1, daysAfter: 4 };

export type AutoShape = 'one_to_one' | 'many_batches' | 'many_deposits';

export interface ProposedMatch {
  readonly shape: AutoShape;
  readonly depositIds: number[];
  readonly batchIds: number[];
}

export interface MatchResult {
  readonly matches: ProposedMatch[];
  readonly unmatchedDeposits: DepositCandidate[];
  readonly unmatchedBatches: BatchCandidate[];
}

/** Largest group a split may have, and how many nearest candidates a split search looks at. */
const MAX_GROUP = 4;
const MAX_CANDIDATES = 12;

const DAY_MS = 86_400_000;
// Dates repeat across a month's thousands of comparisons: parse each once (a month holds ~31 distinct days).
const dayNumbers = new Map<IsoDate, number>();
function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (dayNumbers.size > 10_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

function inWindow(deposit: DepositCandidate, batch: BatchCandidate, window: MatchWindow): boolean {
  if (deposit.currency !== batch.currency) return false;
  const lag = dayNumber(deposit.date) - dayNumber(batch.date);
  return lag >= -window.daysBefore && lag <= window.daysAfter;
}

export function matchDeposits(
  deposits: readonly DepositCandidate[],
  batches: readonly BatchCandidate[],
  window: MatchWindow = DEFAULT_WINDOW,
): MatchResult {
  const freeDeposits = new Map(deposits.map((d) => [d.id, d]));
  // A batch that nets to zero moves no money: nothing to find at the bank.
  const freeBatches = new Map(batches.filter((b) => b.amountMinor !== 0).map((b) => [b.id, b]));
  const matches: ProposedMatch[] = [];
  const distance = (d: DepositCandidate, b: BatchCandidate) =>
    Math.abs(dayNumber(d.date) - dayNumber(b.date));

  for (const batch of [...freeBatches.values()].sort(byDateThenId)) {
    let best: DepositCandidate | null = null;
    for (const deposit of freeDeposits.values()) {
      if (deposit.amountMinor !== batch.amountMinor || !inWindow(deposit, batch, window)) continue;
      if (!best || distance(deposit, batch) < distance(best, batch)) best = deposit;
    }
    if (best) {
      matches.push({ shape: 'one_to_one', depositIds: [best.id], batchIds: [batch.id] });
      freeDeposits.delete(best.id);
      freeBatches.delete(batch.id);
    }
  }

  for (const deposit of [...freeDeposits.values()].sort(byDateThenId)) {
    const near = [...freeBatches.values()]
      .filter((b) => inWindow(deposit, b, window))
      .sort((a, b) => distance(deposit, a) - distance(deposit, b) || a.id - b.id)
      .slice(0, MAX_CANDIDATES);
    const group = subsetSumming(near, deposit.amountMinor);
    if (group) {
      matches.push({ shape: 'many_batches', depositIds: [deposit.id], batchIds: group.map((b) => b.id) });
      freeDeposits.delete(deposit.id);
      for (const b of group) freeBatches.delete(b.id);
    }
  }

  for (const batch of [...freeBatches.values()].sort(byDateThenId)) {
    const near = [...freeDeposits.values()]
      .filter((d) => inWindow(d, batch, window))
      .sort((a, b) => distance(a, batch) - distance(b, batch) || a.id - b.id)
      .slice(0, MAX_CANDIDATES);
    const group = subsetSumming(near, batch.amountMinor);
    if (group) {
      matches.push({ shape: 'many_deposits', depositIds: group.map((d) => d.id), batchIds: [batch.id] });
      freeBatches.delete(batch.id);
      for (const d of group) freeDeposits.delete(d.id);
    }
  }

  return {
    matches,
    unmatchedDeposits: [...freeDeposits.values()].sort(byDateThenId),
    unmatchedBatches: [...freeBatches.values()].sort(byDateThenId),
  };
}

/** The first group of 2..MAX_GROUP items (in candidate order, smallest size first) whose amounts sum to target. */
function subsetSumming<T extends { amountMinor: number }>(items: readonly T[], target: number): T[] | null {
  for (let size = 2; size <= Math.min(MAX_GROUP, items.length); size += 1) {
    const found = search(items, target, size, 0, []);
    if (found) return found;
  }
  return null;
}

function search<T extends { amountMinor: number }>(
  items: readonly T[],
  remaining: number,
  size: number,
  start: number,
  chosen: T[],
): T[] | null {
  if (chosen.length === size) return remaining === 0 ? [...chosen] : null;
  for (let i = start; i <= items.length - (size - chosen.length); i += 1) {
    const item = items[i] as T;
    chosen.push(item);
    const found = search(items, remaining - item.amountMinor, size, i + 1, chosen);
    chosen.pop();
    if (found) return found;
  }
  return null;
}

function byDateThenId(a: { date: IsoDate; id: number }, b: { date: IsoDate; id: number }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id;
}
