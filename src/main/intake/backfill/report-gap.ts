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
import { backfillRepository } from '../../store/repositories/backfill';
import { eventsRepository } from '../../store/repositories/events';
import { quarantineRepository } from '../../store/repositories/quarantine';
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

/**
 * Request ids among `candidates` that a webhook held in quarantine carries, found in one pass over the
 * inputs quarantined since `since` (a day's webhooks arrive within days of it), not one scan per row.
 */
function heldInQuarantine(db: Database, candidates: ReadonlySet<string>, since: number): Set<string> {
  const held = new Set<string>();
  if (candidates.size === 0) return held;
  for (const input of quarantineRepository(db).webhookInputsSince(since)) {
    for (const match of input.matchAll(/"([^"\\]{1,64})"/g)) {
      const value = match[1];
      if (value !== undefined && candidates.has(value)) held.add(value);
    }
  }
  return held;
}

export async function findGap(
  db: Database,
  organizationId: string,
  reportCsv: string,
  label: string,
  /** Quarantined webhooks older than this are not looked at. */
  heldSince: number,
): Promise<ReportGap> {
  const events = eventsRepository(db);
  const runs = backfillRepository(db);
  const head: string[] = [];
  const body: { id: string; line: string }[] = [];
  let requestColumn = -1;
  let seen = 0;
  for await (const record of readCsvRecords(Readable.from([reportCsv]))) {
    if (requestColumn < 0) {
      seen += 1;
      if ('fields' in record) {
        const headers = uniqueHeaders(record.fields);
        const index = matchHeader(headers, BATCH_DETAIL.columns);
        const header = index?.get('requestId');
        if (header !== undefined) requestColumn = headers.indexOf(header);
        head.push(stringify([record.fields]));
      } else {
        head.push(`${record.raw}\n`);
      }
      if (requestColumn < 0 && seen >= MAX_TITLE_LINES) break;
      continue;
    }
    // A damaged row goes to import as it is, to be quarantined with its reason, never dropped.
    if (!('fields' in record)) body.push({ id: '', line: `${record.raw}\n` });
    else body.push({ id: record.fields[requestColumn]?.trim() ?? '', line: stringify([record.fields]) });
  }
  if (requestColumn < 0)
    throw new ReportLayoutError(
      `${label} is not a Payment Batch Detail report: no header line with batch_id, batch_date, request_id, currency, amount and transaction_type was found. Nothing was imported.`,
    );
  const unknown = new Set(
    body
      .filter(
        (r) => r.id !== '' && events.kindsOf(r.id).length === 0 && !runs.wasHanded(organizationId, r.id),
      )
      .map((r) => r.id),
  );
  // A webhook intake refused waits in quarantine for an operator: importing the report's thinner row
  // instead would go around the reason it was held.
  const held = heldInQuarantine(db, unknown, heldSince);
  const missing = body.filter((r) => r.id === '' || (unknown.has(r.id) && !held.has(r.id)));
  return {
    reportRows: body.length,
    alreadyHad: body.length - missing.length,
    missingIds: missing.map((r) => r.id).filter((id) => id !== ''),
    csv: missing.length > 0 ? [...head, ...missing.map((r) => r.line)].join('') : null,
  };
}
