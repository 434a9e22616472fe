/**
 * Unposted cash: money received (a payment Clearpost holds, whatever its tender) that is not, or not yet, in
 * the EHR, aged in days from the business day it was taken, with who follows it up. Its total per currency is
 * the number a supervisor watches go to zero. Refunds and voids are not received money and are not listed.
 */
import type { UnpostedCashList, UnpostedCashView } from '../../../shared/commands/cash';
import type { IsoDate } from '../../../shared/domain';
import { bigToMinor } from '../../../shared/signed-money';
import { localDate } from '../../lib/time-zone';
import type { Repositories } from '../../store/repositories';

const DAY_MS = 86_400_000;

/** Whole days from one business day to another (calendar days, whatever the zone's daylight saving). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function unpostedCash(
  repos: Pick<Repositories, 'cashUnposted'>,
  request: { readonly asOf: IsoDate; readonly timeZone: string; readonly facility?: string },
): UnpostedCashList {
  const rows = repos.cashUnposted.list(request.facility ?? null).map((r): UnpostedCashView => {
    const receivedDate = localDate(r.transactionAt, request.timeZone);
    return {
      eventId: r.eventId,
      processorTxnId: r.processorTxnId,
      facility: r.facility,
      tender: r.tender,
      currency: r.currency,
      amountMinor: r.amountMinor,
      receivedDate,
      ageDays: Math.max(0, daysBetween(receivedDate, request.asOf)),
      postingStatus: r.postingStatus,
      owner: r.owner,
      note: r.note,
      followUp: r.followUp,
    };
  });
  const totals = new Map<string, { count: number; amount: bigint }>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? { count: 0, amount: 0n };
    totals.set(row.currency, { count: t.count + 1, amount: t.amount + BigInt(row.amountMinor) });
  }
  return {
    asOf: request.asOf,
    rows,
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({ currency, count: t.count, amountMinor: bigToMinor(t.amount) })),
  };
}
