/**
 * Which rows of a downloaded Payment Batch Detail report the webhooks missed. A row is already had when an
 * event with its request id is stored (under any kind: the report cannot tell a plan installment from a
 * one-time payment, and the id alone names the transaction), when its webhook is held in quarantine, or
 * when an earlier backfill already handed it to intake (it was quarantined and waits for an operator). The rest are written, with the report's own title
 * and header lines, to a file that goes through the ordinary file import.
 */
import { Readable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { BATCH_DETAIL } from '../reports/batch-detail';
import { readCsvRecords } from '../reports/csv-records';
import { matchHeader, uniqueHeaders } from '../reports/header';

/** Lines before the header tolerated as titles, as file import allows. */
const MAX_TITLE_LINES = 10;

export interface ReportGap {
  readonly reportRows: number;
  readonly alreadyHad: number;
  /** Request ids of the rows to import (rows without one are imported too, to be quarantined with a reason). */
  readonly missingIds: readonly string[];
  /** The CSV to import: title lines, header, missing rows; null when nothing is missing. */
  readonly csv: string | null;
}

export class ReportLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportLayoutError';
  }
}

export async function findGap(
  db: Database,
  organizationId: string,
  reportCsv: string,
  label: string,
): Promise<ReportGap> {
  const stored = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM payment_events WHERE processor_txn_id = ? LIMIT 1',
  );
  const handed = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM backfill_rows WHERE organization_id = ? AND request_id = ?',
  );
  // A webhook intake refused waits in quarantine for an operator: importing the report's thinner row
  // instead would go around the reason it was held.
  const held = db.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM quarantined_inputs WHERE source <> 'file' AND instr(redacted_input, ?) > 0 LIMIT 1",
  );
  const lines: string[] = [];
  let requestColumn = -1;
  let reportRows = 0;
  let alreadyHad = 0;
  const missingIds: string[] = [];
  let seen = 0;
  for await (const record of readCsvRecords(Readable.from([reportCsv]))) {
    if (requestColumn < 0) {
      seen += 1;
      if ('fields' in record) {
        const headers = uniqueHeaders(record.fields);
        const index = matchHeader(headers, BATCH_DETAIL.columns);
        const header = index?.get('requestId');
        if (header !== undefined) requestColumn = headers.indexOf(header);
        lines.push(stringify([record.fields]));
      } else {
        lines.push(`${record.raw}\n`);
      }
      if (requestColumn < 0 && seen >= MAX_TITLE_LINES) break;
      continue;
    }
    reportRows += 1;
    if (!('fields' in record)) {
      // A damaged row goes to import as it is, to be quarantined with its reason, never dropped.
      lines.push(`${record.raw}\n`);
      continue;
    }
    const id = record.fields[requestColumn]?.trim() ?? '';
    if (id !== '' && (stored.get(id) || handed.get(organizationId, id) || held.get(id))) {
      alreadyHad += 1;
      continue;
    }
    if (id !== '') missingIds.push(id);
    lines.push(stringify([record.fields]));
  }
  if (requestColumn < 0)
    throw new ReportLayoutError(
      `${label} is not a Payment Batch Detail report: no header line with batch_id, batch_date, request_id, currency, amount and transaction_type was found. Nothing was imported.`,
    );
  const missing = reportRows - alreadyHad;
  return { reportRows, alreadyHad, missingIds, csv: missing > 0 ? lines.join('') : null };
}
