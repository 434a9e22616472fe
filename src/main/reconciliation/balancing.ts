/**
 * Balancing one facility day three ways: the processor side (payment events), Clearpost (what it posted or
 * saw posted) and the EHR side (what the EHR holds). Every transaction where the sides disagree becomes a
 * variance with its cause, so the day's difference is fully explained: for every currency, processor total
 * minus EHR total equals the sum of the variances' differences.
 */
import type { Database } from 'better-sqlite3';
import type { Variance, VarianceCause } from '../../shared/commands/reconciliation';
import type { EventKind, IsoDate, PostingStatus } from '../../shared/domain';
import { sumMinor } from '../../shared/money';
import type { DateBasis } from './date-basis';
import type { EhrSideEntry } from './ehr-side';
import type { FacilityZones } from './facility-zones';
import { facilitiesForDay, transactionPages, type ReportTransaction } from './transactions';

export { VARIANCE_CAUSES, type Variance, type VarianceCause } from '../../shared/commands/reconciliation';

export interface SideTotal {
  readonly count: number;
  readonly amountMinor: number;
}
export type SideTotals = Record<string, SideTotal>;

export interface Balance {
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly facility: string | null;
  readonly processor: SideTotals;
  readonly clearpost: SideTotals;
  readonly ehr: SideTotals;
  readonly variances: readonly Variance[];
  readonly balanced: boolean;
}

const PAGE_ROWS = 5_000;
const POSTED: readonly PostingStatus[] = ['success', 'manually_posted'];
const WAITING: readonly PostingStatus[] = ['pending', 'retry', 'in_flight', 'needs_verification'];

const key = (externalId: string, kind: EventKind) => `${kind}\u0000${externalId}`;

function add(totals: SideTotals, currency: string, amountMinor: number): void {
  const current = totals[currency] ?? { count: 0, amountMinor: 0 };
  totals[currency] = { count: current.count + 1, amountMinor: sumMinor([current.amountMinor, amountMinor]) };
}

export function balanceDay(
  db: Database,
  zones: FacilityZones,
  request: { date: IsoDate; basis?: DateBasis; facility?: string | undefined },
  ehrSide: readonly EhrSideEntry[],
): Balance {
  const basis = request.basis ?? 'transaction';
  const selection = { ...request, basis };
  // A facility day can hold hundreds of thousands of payments: read them a page at a time and keep only the
  // totals and the variances, never the whole day.
  const rows = function* () {
    for (const facility of facilitiesForDay(db, selection)) {
      for (const page of transactionPages(db, zones.zoneFor(facility), facility, selection, PAGE_ROWS)) {
        yield* page;
      }
    }
  };
  const ehrByKey = new Map<string, EhrSideEntry[]>();
  for (const entry of ehrSide) {
    const k = key(entry.externalId, entry.kind);
    ehrByKey.set(k, [...(ehrByKey.get(k) ?? []), entry]);
  }
  const processor: SideTotals = {};
  const clearpost: SideTotals = {};
  const ehr: SideTotals = {};
  const variances: Variance[] = [];
  const matched = new Set<string>();

  for (const row of rows()) {
    const k = key(row.processorTxnId, row.kind);
    matched.add(k);
    const entries = ehrByKey.get(k) ?? [];
    add(processor, row.currency, row.amountMinor);
    if (row.status && POSTED.includes(row.status)) add(clearpost, row.currency, row.amountMinor);
    for (const entry of entries) add(ehr, entry.currency, entry.amountMinor);
    const cause = causeOf(row, entries);
    if (cause) {
      variances.push({
        cause,
        processorTxnId: row.processorTxnId,
        kind: row.kind,
        facility: row.facility,
        currency: row.currency,
        postingId: row.postingId,
        status: row.status,
        processorMinor: row.amountMinor,
        ehrMinor: sumMinor(entries.map((e) => e.amountMinor)),
        ehrReferences: entries.map((e) => e.ehrReference),
      });
    }
  }

  // EHR postings of the day that no processor event of the day explains. One whose event belongs to another
  // day balances on that day; a facility filter cannot place an unknown entry, so it is listed only unfiltered.
  const known = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM payment_events WHERE processor_txn_id = ? AND kind = ?',
  );
  for (const [k, entries] of ehrByKey) {
    if (matched.has(k)) continue;
    const first = entries[0];
    if (!first || !entries.some((e) => e.day === request.date)) continue;
    if ((known.get(first.externalId, first.kind)?.n ?? 0) > 0) continue;
    if (request.facility !== undefined) continue;
    for (const entry of entries) add(ehr, entry.currency, entry.amountMinor);
    variances.push({
      cause: 'missing_in_processor',
      processorTxnId: first.externalId,
      kind: first.kind,
      facility: null,
      currency: first.currency,
      postingId: null,
      status: null,
      processorMinor: 0,
      ehrMinor: sumMinor(entries.map((e) => e.amountMinor)),
      ehrReferences: entries.map((e) => e.ehrReference),
    });
  }

  return {
    date: request.date,
    basis,
    facility: request.facility ?? null,
    processor,
    clearpost,
    ehr,
    variances,
    balanced: variances.length === 0,
  };
}

/** Why the sides disagree on one transaction, or null when they agree. */
function causeOf(row: ReportTransaction, entries: readonly EhrSideEntry[]): VarianceCause | null {
  if (entries.length > 1) return 'duplicate';
  const entry = entries[0];
  const status = row.status;
  // No money moved: whatever the EHR holds for it is explained by the decline.
  if (status === 'declined') return 'declined';
  if (entry) {
    if (entry.amountMinor !== row.amountMinor || entry.currency !== row.currency) return 'amount_mismatch';
    // The EHR has it: Clearpost may still be confirming (needs verification) but the money balances.
    return null;
  }
  if (status === null || WAITING.includes(status)) return 'pending_retry';
  switch (status) {
    case 'success':
      return row.channel === 'daily_file' ? 'sent_by_file' : 'missing_in_ehr';
    case 'manually_posted':
    case 'will_not_be_sent':
      return 'manual_post';
    default:
      return 'not_posted';
  }
}
