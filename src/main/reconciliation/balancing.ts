/**
 * Balancing one facility day three ways: the processor side (payment events), Clearpost (what it posted or
 * saw posted) and the EHR side (what the EHR holds). Every transaction where the sides disagree becomes a
 * variance with its cause, so the day's difference is fully explained: for every currency, processor net
 * minus EHR net equals the sum of the variances' differences.
 *
 * Amounts are signed (payments positive, refunds and voids negative) and each EHR posting is matched through
 * the id Clearpost sent it (`…VOID`, `…RFND`), so a reversal the EHR holds balances its processor event
 * instead of showing as a pair of variances. Declined events moved no money and are not on the processor
 * side at all; only an EHR posting of one is a variance.
 */
import type { Database } from 'better-sqlite3';
import { UNEXPLAINED_CAUSES, type Variance, type VarianceCause } from '../../shared/commands/reconciliation';
import type { IsoDate, PostingStatus } from '../../shared/domain';
import { MinorTotal, signedMinor, totalMinor } from '../../shared/signed-money';
import { eventsRepository } from '../store/repositories/events';
import type { DateBasis } from './date-basis';
import type { EhrSideEntry } from './ehr-side';
import type { FacilityZones } from './facility-zones';
import { candidatesOf, sentIdOf } from './sent-ids';
import {
  facilitiesForDay,
  transactionPages,
  type ReportTransaction,
} from '../store/repositories/report-transactions';

export {
  UNEXPLAINED_CAUSES,
  VARIANCE_CAUSES,
  type Variance,
  type VarianceCause,
} from '../../shared/commands/reconciliation';

export interface SideTotal {
  readonly count: number;
  /** Net: payments minus refunds and voids. */
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
  readonly unexplained: number;
  readonly balanced: boolean;
}

const PAGE_ROWS = 5_000;
const POSTED: readonly PostingStatus[] = ['success', 'manually_posted'];
const WAITING: readonly PostingStatus[] = ['pending', 'retry', 'in_flight', 'needs_verification'];

/** Per-currency count and exact (BigInt) net, turned into numbers once at the end. */
class Side {
  private readonly byCurrency = new Map<string, { count: number; total: MinorTotal }>();
  add(currency: string, signed: number): void {
    let entry = this.byCurrency.get(currency);
    if (!entry) this.byCurrency.set(currency, (entry = { count: 0, total: new MinorTotal() }));
    entry.count += 1;
    entry.total.add(signed);
  }
  totals(): SideTotals {
    const out: SideTotals = {};
    for (const [currency, { count, total }] of this.byCurrency)
      out[currency] = { count, amountMinor: total.toMinor() };
    return out;
  }
}

const ehrSigned = (entry: EhrSideEntry) => signedMinor(entry.kind, entry.amountMinor);

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
  const ehrById = new Map<string, EhrSideEntry[]>();
  for (const entry of ehrSide) {
    const list = ehrById.get(entry.externalId);
    if (list) list.push(entry);
    else ehrById.set(entry.externalId, [entry]);
  }
  const processor = new Side();
  const clearpost = new Side();
  const ehr = new Side();
  const variances: Variance[] = [];
  const matched = new Set<EhrSideEntry>();

  for (const row of rows()) {
    const externalId = sentIdOf(row);
    const entries = entriesFor(row, externalId, ehrById);
    for (const entry of entries) matched.add(entry);
    const money = row.status !== 'declined';
    const signed = money ? signedMinor(row.kind, row.amountMinor) : 0;
    if (money) processor.add(row.currency, signed);
    if (row.status && POSTED.includes(row.status)) clearpost.add(row.currency, signed);
    for (const entry of entries) ehr.add(entry.currency, ehrSigned(entry));
    const cause = causeOf(row, signed, entries);
    if (cause) {
      variances.push({
        cause,
        processorTxnId: row.processorTxnId,
        externalId,
        kind: row.kind,
        facility: row.facility,
        currency: row.currency,
        postingId: row.postingId,
        status: row.status,
        processorMinor: signed,
        ehrMinor: totalMinor(entries.map(ehrSigned)),
        ehrReferences: entries.map((e) => e.ehrReference),
      });
    }
  }

  // EHR postings of the day that no processor event of the day explains. One whose event belongs to another
  // day balances on that day; a facility filter cannot place an unknown entry, so it is listed only unfiltered.
  if (request.facility === undefined) {
    const events = eventsRepository(db);
    const isKnown = (externalId: string) =>
      candidatesOf(externalId).some((c) =>
        events.kindsOf(c.processorTxnId).some((kind) => c.kind === null || kind === c.kind),
      );
    for (const [externalId, all] of ehrById) {
      const entries = all.filter((e) => !matched.has(e));
      const first = entries[0];
      if (!first || !entries.some((e) => e.day === request.date)) continue;
      if (isKnown(externalId)) continue;
      for (const entry of entries) ehr.add(entry.currency, ehrSigned(entry));
      variances.push({
        cause: 'missing_in_processor',
        processorTxnId: externalId,
        externalId,
        kind: first.kind,
        facility: null,
        currency: first.currency,
        postingId: null,
        status: null,
        processorMinor: 0,
        ehrMinor: totalMinor(entries.map(ehrSigned)),
        ehrReferences: entries.map((e) => e.ehrReference),
      });
    }
  }

  return {
    date: request.date,
    basis,
    facility: request.facility ?? null,
    processor: processor.totals(),
    clearpost: clearpost.totals(),
    ehr: ehr.totals(),
    variances,
    unexplained: variances.filter((v) => UNEXPLAINED_CAUSES.includes(v.cause)).length,
    balanced: variances.length === 0,
  };
}

/**
 * The EHR's postings of one processor event: those under the id sent (whatever kind the site's alias made of
 * it), and for a reversal also those an EHR file lists under the bare processor id with the same kind.
 */
function entriesFor(
  row: ReportTransaction,
  externalId: string,
  ehrById: ReadonlyMap<string, readonly EhrSideEntry[]>,
): EhrSideEntry[] {
  const sent = ehrById.get(externalId) ?? [];
  if (externalId === row.processorTxnId) return [...sent];
  const bare = (ehrById.get(row.processorTxnId) ?? []).filter((e) => e.kind === row.kind);
  return [...sent, ...bare];
}

/** Why the sides disagree on one transaction, or null when they agree. */
function causeOf(
  row: ReportTransaction,
  signed: number,
  entries: readonly EhrSideEntry[],
): VarianceCause | null {
  const status = row.status;
  // No money moved: only an EHR posting of it is a difference (money the hospital does not have).
  if (status === 'declined') return entries.length > 0 ? 'declined' : null;
  if (entries.length > 1) return 'duplicate';
  const entry = entries[0];
  if (entry) {
    if (ehrSigned(entry) !== signed || entry.currency !== row.currency) return 'amount_mismatch';
    // The EHR has it: Clearpost may still be confirming (needs verification) but the money balances.
    return null;
  }
  // Routed to a daily file (Epic voids and refunds, file-only sites): the EHR gets it from the file, not the API.
  if (row.channel === 'daily_file' && (status === 'success' || status === 'pending')) return 'sent_by_file';
  if (status === null || WAITING.includes(status)) return 'pending_retry';
  switch (status) {
    case 'success':
      return 'missing_in_ehr';
    case 'manually_posted':
    case 'will_not_be_sent':
      return 'manual_post';
    default:
      return 'not_posted';
  }
}
