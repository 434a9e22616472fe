/**
 * Money as it moves: a payment brings money in (positive), a refund or a void gives it back (negative).
 * Events store amounts unsigned with their kind; every place where money leaves Clearpost (files, previews,
 * balancing) shows the signed amount, so a column of amounts sums to the day's net movement.
 */
import type { EventKind } from './domain';
import { MoneyError } from './money';

const REVERSALS: ReadonlySet<EventKind> = new Set<EventKind>(['void', 'refund']);

export function isReversal(kind: EventKind): boolean {
  return REVERSALS.has(kind);
}

/** The signed amount of an event: negative for refunds and voids, whatever sign the amount was stored with. */
export function signedMinor(kind: EventKind, amountMinor: number): number {
  const magnitude = Math.abs(amountMinor);
  return isReversal(kind) ? -magnitude : magnitude;
}

/**
 * A running sum that cannot overflow: BigInt inside, so a day of large amounts (or amounts of opposite signs
 * whose partial sums pass 2^53) never loses a cent. `toMinor` hands the total back as a number, and refuses
 * clearly rather than rounding when the total is beyond what a number holds exactly.
 */
export class MinorTotal {
  private value = 0n;

  add(amountMinor: number): this {
    if (!Number.isSafeInteger(amountMinor)) {
      throw new MoneyError(
        'out_of_range',
        `Amount ${String(amountMinor)} is not a whole number of minor units`,
      );
    }
    this.value += BigInt(amountMinor);
    return this;
  }

  get big(): bigint {
    return this.value;
  }

  toMinor(): number {
    return bigToMinor(this.value);
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function bigToMinor(value: bigint): number {
  if (value > MAX || value < -MAX) {
    throw new MoneyError(
      'out_of_range',
      `A total of ${value.toString()} minor units is too large to report exactly`,
    );
  }
  return Number(value);
}

/** Sums amounts exactly (see MinorTotal). */
export function totalMinor(amounts: Iterable<number>): number {
  const total = new MinorTotal();
  for (const amount of amounts) total.add(amount);
  return total.toMinor();
}
