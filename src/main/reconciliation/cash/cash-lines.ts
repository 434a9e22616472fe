/**
 * The cash balance's ledger of lines per facility, merchant account, day and currency. Every amount the
 * balance counts (a deposit, a batch's funding, a payment, a fee, a posting) and every variance it finds is
 * booked at the key it belongs to, so each row obeys the balance's identities on its own and the rows add up
 * to the currency's figures.
 *
 * Attribution: a deposit is for a bank account, not a facility. Its money is attributed through the funding
 * batches it is matched to: each batch's share goes to the facilities (and the merchant) of the payments the
 * batch funds, in proportion to what each payment funds. Money no payment accounts for (a deposit matched to
 * nothing, a difference accepted by hand, a batch of another period) is booked with no facility and no
 * merchant: the breakdown's "unattributed" row.
 */
import {
  CASH_LINES,
  type CashBreakdownRow,
  type CashLegsView,
  type CashLine,
  type CashRowVariance,
} from '../../../shared/commands/cash';
import { bigToMinor } from '../../../shared/signed-money';
import { CASH_CAUSE_LABEL, UNEXPLAINED_CASH_CAUSES, type CashVariance } from './cash-variance';

export interface LineKey {
  readonly day: string;
  readonly facility: string | null;
  readonly merchantId: string | null;
  readonly currency: string;
}

/** A key's part of a shared amount (a batch's facilities weighted by what their payments fund). */
export interface Share {
  readonly key: LineKey;
  readonly weight: bigint;
}

type Lines = Record<CashLine, bigint>;

interface Row {
  readonly key: LineKey;
  readonly lines: Lines;
  readonly variances: Map<string, { leg: CashVariance['leg']; cause: CashVariance['cause']; amount: bigint }>;
  unexplained: number;
}

const emptyLines = (): Lines => Object.fromEntries(CASH_LINES.map((line) => [line, 0n])) as Lines;

const keyText = (k: LineKey) => JSON.stringify([k.currency, k.day, k.facility ?? '', k.merchantId ?? '']);

/**
 * `amount` split over the shares in proportion to their weights, to the cent: every share but the last gets
 * its truncated part, the last the rest, so the parts always add up to the amount.
 */
export function splitOver(shares: readonly Share[], amount: bigint): { key: LineKey; amount: bigint }[] {
  const first = shares[0];
  if (!first) return [];
  const total = shares.reduce((s, x) => s + x.weight, 0n);
  if (total === 0n) return [{ key: first.key, amount }];
  let left = amount;
  return shares.map((share, i) => {
    const part = i === shares.length - 1 ? left : (amount * share.weight) / total;
    left -= part;
    return { key: share.key, amount: part };
  });
}

export class CashLines {
  private readonly rows = new Map<string, Row>();

  private row(key: LineKey): Row {
    const text = keyText(key);
    let row = this.rows.get(text);
    if (!row) {
      row = { key, lines: emptyLines(), variances: new Map(), unexplained: 0 };
      this.rows.set(text, row);
    }
    return row;
  }

  book(line: CashLine, key: LineKey, amount: bigint | number): void {
    this.row(key).lines[line] += BigInt(amount);
  }

  /** Books a variance's amount at one key, or split over shares (each share then counts it once). */
  variance(v: CashVariance, at: LineKey | readonly Share[]): { key: LineKey; amount: bigint }[] {
    const parts = Array.isArray(at)
      ? splitOver(at as readonly Share[], BigInt(v.amountMinor))
      : [{ key: at as LineKey, amount: BigInt(v.amountMinor) }];
    for (const part of parts) {
      const row = this.row(part.key);
      const id = `${v.leg}|${v.cause}`;
      const seen = row.variances.get(id);
      if (seen) seen.amount += part.amount;
      else row.variances.set(id, { leg: v.leg, cause: v.cause, amount: part.amount });
      if (UNEXPLAINED_CASH_CAUSES.has(v.cause)) row.unexplained += 1;
    }
    return parts;
  }

  /** Each currency's lines: the sum of its rows. */
  totals(): Map<string, Lines> {
    const out = new Map<string, Lines>();
    for (const row of this.rows.values()) {
      let t = out.get(row.key.currency);
      if (!t) out.set(row.key.currency, (t = emptyLines()));
      for (const line of CASH_LINES) t[line] += row.lines[line];
    }
    return out;
  }

  /** The rows by day, facility and merchant (unattributed money last of its day). */
  breakdown(): CashBreakdownRow[] {
    return [...this.rows.values()]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((row) => ({
        day: row.key.day,
        facility: row.key.facility,
        merchantId: row.key.merchantId,
        currency: row.key.currency,
        lines: toMinor(row.lines),
        variances: [...row.variances.values()].map((v): CashRowVariance => ({
          leg: v.leg,
          cause: v.cause,
          causeText: CASH_CAUSE_LABEL[v.cause],
          unexplained: UNEXPLAINED_CASH_CAUSES.has(v.cause),
          amountMinor: bigToMinor(v.amount),
        })),
        unexplained: row.unexplained,
      }));
  }
}

export function toMinor(lines: Lines): CashLegsView {
  return Object.fromEntries(CASH_LINES.map((line) => [line, bigToMinor(lines[line])])) as CashLegsView;
}

function compareKeys(a: LineKey, b: LineKey): number {
  const text = (s: string | null) => s ?? '\uffff';
  return (
    a.currency.localeCompare(b.currency) ||
    a.day.localeCompare(b.day) ||
    text(a.facility).localeCompare(text(b.facility)) ||
    text(a.merchantId).localeCompare(text(b.merchantId))
  );
}

/**
 * The rows of a day-by-day breakdown rolled up over the whole range: one row per facility, merchant and
 * currency (`day` null), its lines and variances the sums of its days'.
 */
export function rollUp(rows: readonly CashBreakdownRow[]): CashBreakdownRow[] {
  const out = new Map<
    string,
    { row: CashBreakdownRow; lines: Lines; variances: Map<string, CashRowVariance> }
  >();
  for (const row of rows) {
    const id = keyText({ ...row, day: '' });
    let acc = out.get(id);
    if (!acc) {
      acc = { row: { ...row, day: null, unexplained: 0 }, lines: emptyLines(), variances: new Map() };
      out.set(id, acc);
    }
    for (const line of CASH_LINES) acc.lines[line] += BigInt(row.lines[line]);
    for (const v of row.variances) {
      const seen = acc.variances.get(`${v.leg}|${v.cause}`);
      acc.variances.set(
        `${v.leg}|${v.cause}`,
        seen ? { ...seen, amountMinor: bigToMinor(BigInt(seen.amountMinor) + BigInt(v.amountMinor)) } : v,
      );
    }
    acc.row = { ...acc.row, unexplained: acc.row.unexplained + row.unexplained };
  }
  return [...out.values()]
    .map(({ row, lines, variances }) => ({
      ...row,
      lines: toMinor(lines),
      variances: [...variances.values()],
    }))
    .sort((a, b) => compareKeys({ ...a, day: '' }, { ...b, day: '' }));
}
