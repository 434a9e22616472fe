/**
 * The store's view for reports: each payment event joined with its posting, selected for one facility day on
 * the chosen date basis. Read-only; every report and the balancing start from these rows, so totals in a file
 * and totals in the store come from one query. The facility's day is a day in its time zone, so the caller
 * says which zone each facility keeps.
 */
import type { Database } from 'better-sqlite3';
import type { ReportDateBasis, ReportRow } from '../../../shared/commands/reconciliation';
import type { IsoDate } from '../../../shared/domain';
import { dayWindow } from '../../lib/time-zone';

/** The time zone each facility keeps ("the day" of its reports). */
export interface ZoneOf {
  zoneFor(facility: string): string;
}

/** One payment event with its posting, as every report and the balancing read it. */
export type ReportTransaction = ReportRow;

const COLUMNS = `e.id AS eventId, p.id AS postingId, e.processor_txn_id AS processorTxnId, e.source, e.kind, e.tender,
  e.amount_minor AS amountMinor, e.service_fee_minor AS serviceFeeMinor, e.currency, e.ehr, e.facility,
  e.department, e.guarantor_account AS guarantorAccount, e.encounter_id AS encounterId,
  e.merchant_ref AS merchantRef, e.card_brand AS cardBrand, e.card_last4 AS cardLast4,
  e.processor_status AS processorStatus, e.entered_by AS enteredBy, e.transaction_at AS transactionAt,
  e.effective_date AS effectiveDate, e.funding_date AS fundingDate, p.status, p.channel,
  coalesce(p.attempts, 0) AS attempts, p.ehr_reference AS ehrReference,
  coalesce(p.reason_code, e.reason_code) AS reasonCode, p.reason, p.next_step AS nextStep`;

const FROM = `FROM payment_events e LEFT JOIN postings p ON p.event_id = e.id`;

/** Deterministic order: identical data gives byte-identical files. */
const ORDER = 'ORDER BY e.transaction_at, e.processor_txn_id, e.kind, e.id';

/** Time zones span UTC-12 to UTC+14: a local day lies inside its UTC day widened by 15 hours each side. */
const WIDEN_MS = 15 * 3_600_000;

export interface DaySelection {
  readonly date: IsoDate;
  readonly basis: ReportDateBasis;
  /** One facility, or every facility with events that day. */
  readonly facility?: string | undefined;
}

export function transactionsForDay(
  db: Database,
  zones: ZoneOf,
  selection: DaySelection,
): Map<string, ReportTransaction[]> {
  const byFacility = new Map<string, ReportTransaction[]>();
  for (const facility of facilitiesForDay(db, selection)) {
    byFacility.set(facility, transactionsOfFacility(db, zones.zoneFor(facility), facility, selection));
  }
  return byFacility;
}

export function facilitiesForDay(db: Database, selection: DaySelection): string[] {
  if (selection.facility !== undefined) return [selection.facility];
  if (selection.basis === 'transaction') {
    const utc = Date.parse(`${selection.date}T00:00:00Z`);
    return db
      .prepare<[number, number], { facility: string }>(
        `SELECT DISTINCT facility FROM payment_events WHERE transaction_at >= ? AND transaction_at < ?
         ORDER BY facility`,
      )
      .all(utc - WIDEN_MS, utc + 86_400_000 + WIDEN_MS)
      .map((r) => r.facility);
  }
  const column = selection.basis === 'effective' ? 'effective_date' : 'funding_date';
  return db
    .prepare<[string], { facility: string }>(
      `SELECT DISTINCT facility FROM payment_events WHERE ${column} = ? ORDER BY facility`,
    )
    .all(selection.date)
    .map((r) => r.facility);
}

function transactionsOfFacility(
  db: Database,
  zone: string,
  facility: string,
  selection: DaySelection,
): ReportTransaction[] {
  switch (selection.basis) {
    case 'transaction': {
      const { start, end } = dayWindow(selection.date, zone);
      return db
        .prepare<[string, number, number], ReportTransaction>(
          `SELECT ${COLUMNS} ${FROM}
           WHERE e.facility = ? AND e.transaction_at >= ? AND e.transaction_at < ? ${ORDER}`,
        )
        .all(facility, start, end);
    }
    case 'effective':
    case 'funding': {
      const column = selection.basis === 'effective' ? 'e.effective_date' : 'e.funding_date';
      return db
        .prepare<[string, string], ReportTransaction>(
          `SELECT ${COLUMNS} ${FROM} WHERE e.facility = ? AND ${column} = ? ${ORDER}`,
        )
        .all(facility, selection.date);
    }
  }
}

/** The sort key of the last row of a page: the next page starts after it. */
type Cursor = [transactionAt: number, processorTxnId: string, kind: string, eventId: number];
const BEFORE_ALL: Cursor = [Number.MIN_SAFE_INTEGER, '', '', 0];

/**
 * One facility's rows for the day in pages of `pageSize`, in the order of `transactionsForDay`. No statement
 * stays open between pages, so the caller can yield to the event loop and the engine can use the connection
 * meanwhile.
 */
export function* transactionPages(
  db: Database,
  zone: string,
  facility: string,
  selection: DaySelection,
  pageSize: number,
): Generator<ReportTransaction[]> {
  if (selection.basis === 'transaction') {
    yield* keysetPages(db, zone, facility, selection.date, pageSize);
  } else {
    yield* idListPages(db, facility, selection, pageSize);
  }
}

/**
 * The transaction-date day, by keyset: each page a short query that resumes after the previous page's last
 * sort key, seeking on the transaction_at index. The sort key columns never change after an event is
 * stored, so a row is never skipped or repeated.
 */
function* keysetPages(
  db: Database,
  zone: string,
  facility: string,
  date: IsoDate,
  pageSize: number,
): Generator<ReportTransaction[]> {
  const { start, end } = dayWindow(date, zone);
  // The plain `transaction_at >= ?` lets the index on transaction_at seek straight to the page's start.
  const statement = db.prepare<[string, number, number, ...Cursor, number], ReportTransaction>(
    `SELECT ${COLUMNS} ${FROM}
     WHERE e.facility = ? AND e.transaction_at >= ? AND e.transaction_at < ?
       AND (e.transaction_at, e.processor_txn_id, e.kind, e.id) > (?, ?, ?, ?) ${ORDER} LIMIT ?`,
  );
  let cursor = BEFORE_ALL;
  for (;;) {
    const rows = statement.all(facility, Math.max(start, cursor[0]), end, ...cursor, pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    cursor = [last.transactionAt, last.processorTxnId, last.kind, last.eventId];
  }
}

/**
 * The effective- or funding-date day. No index leads with those dates, so a keyset page would scan the
 * table every time; instead the day's event ids are read once, in file order (one scan, as before streaming,
 * 8 bytes a row), and the rows are fetched a page of ids at a time.
 */
function* idListPages(
  db: Database,
  facility: string,
  selection: DaySelection,
  pageSize: number,
): Generator<ReportTransaction[]> {
  const column = selection.basis === 'effective' ? 'e.effective_date' : 'e.funding_date';
  const ids = db
    .prepare<[string, string], number>(
      `SELECT e.id FROM payment_events e WHERE e.facility = ? AND ${column} = ? ${ORDER}`,
    )
    .pluck()
    .all(facility, selection.date);
  const page = db.prepare<[string], ReportTransaction>(
    `SELECT ${COLUMNS} ${FROM} WHERE e.id IN (SELECT value FROM json_each(?)) ${ORDER}`,
  );
  for (let i = 0; i < ids.length; i += pageSize) {
    // A slice is a run of consecutive rows in file order, so sorting it again keeps that order.
    const rows = page.all(JSON.stringify(ids.slice(i, i + pageSize)));
    if (rows.length > 0) yield rows;
  }
}
