/**
 * The files of a cash export (`clearpost export cash`): the balance as JSON; its variances and the open cash
 * exceptions as CSV (amounts in minor units, as before); the breakdown per facility, merchant account and day,
 * the same over the whole range, and the unposted cash as CSV; and one XLSX workbook holding every table
 * (xlsx-output.ts, as the reports write theirs). Each file is written atomically and comes back with its
 * SHA-256, in a fixed order.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { CashExceptionView, UnpostedCashList } from '../../../shared/commands/cash';
import { toCsv } from '../../../shared/csv';
import { AtomicFileStream, writeStreamAtomic } from '../../lib/atomic-stream-write';
import { writeFileAtomic } from '../../lib/atomic-write';
import { csvChunks } from '../csv-output';
import { sheetOf, writeXlsx } from '../xlsx-output';
import { fixZipTimestamps } from '../zip-timestamps';
import type { CashBalance } from './cash-balance';
import { breakdownTable, exceptionsTable, unpostedTable, variancesTable } from './cash-tables';
import { CASH_CAUSE_LABEL, UNEXPLAINED_CASH_CAUSES } from './cash-variance';

export interface CashExportFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface CashExportInput {
  readonly balance: CashBalance;
  readonly exceptions: readonly CashExceptionView[];
  readonly unposted: UnpostedCashList;
}

export async function writeCashExport(input: CashExportInput, dir: string): Promise<CashExportFile[]> {
  const { balance, exceptions, unposted } = input;
  const stem = `cash-${balance.from}_${balance.to}`;
  const byDay = breakdownTable('By facility and day', balance.breakdown);
  const byRange = breakdownTable('By facility', balance.byFacility);
  const unpostedRows = unpostedTable(unposted.rows);
  const files: CashExportFile[] = [
    written(join(dir, `${stem}-balance.json`), `${JSON.stringify(balance, null, 2)}\n`, 1),
    written(
      join(dir, `${stem}-variances.csv`),
      toCsv(
        [
          'leg',
          'cause',
          'cause_text',
          'unexplained',
          'currency',
          'amount_minor',
          'subject',
          'date',
          'detail',
        ],
        balance.variances.map((v) => [
          v.leg,
          v.cause,
          CASH_CAUSE_LABEL[v.cause],
          UNEXPLAINED_CASH_CAUSES.has(v.cause) ? 'yes' : 'no',
          v.currency,
          v.amountMinor,
          v.subject,
          v.date,
          v.detail,
        ]),
      ),
      balance.variances.length,
    ),
    written(
      join(dir, `${stem}-exceptions.csv`),
      toCsv(
        [
          'kind',
          'id',
          'since',
          'age_days',
          'currency',
          'amount_minor',
          'reason',
          'owner',
          'note',
          'follow_up',
        ],
        exceptions.map((e) => [
          e.subjectType,
          e.subjectId,
          e.since,
          e.ageDays,
          e.currency,
          e.amountMinor,
          e.reason,
          e.owner,
          e.note,
          e.followUp,
        ]),
      ),
      exceptions.length,
    ),
  ];
  for (const [suffix, table] of [
    ['by-day', byDay],
    ['by-facility', byRange],
  ] as const) {
    const path = join(dir, `${stem}-${suffix}.csv`);
    files.push({ path, rows: table.rows.length, ...(await writeStreamAtomic(path, csvChunks(table))) });
  }
  const unpostedPath = join(dir, `${stem}-unposted.csv`);
  files.push({
    path: unpostedPath,
    rows: unposted.rows.length,
    ...(await writeStreamAtomic(unpostedPath, csvChunks(unpostedRows))),
  });

  const xlsxPath = join(dir, `${stem}.xlsx`);
  const out = await AtomicFileStream.open(xlsxPath);
  try {
    await writeXlsx(out, [
      sheetOf(byRange),
      sheetOf(byDay),
      sheetOf(variancesTable(balance.variances)),
      sheetOf(exceptionsTable(exceptions)),
      sheetOf(unpostedRows),
    ]);
    files.push({ path: xlsxPath, rows: byDay.rows.length, ...(await out.commit(fixZipTimestamps)) });
  } catch (error) {
    await out.abort();
    throw error;
  }
  return files;
}

function written(path: string, text: string, rows: number): CashExportFile {
  const bytes = Buffer.from(text, 'utf8');
  writeFileAtomic(path, [bytes]);
  return { path, rows, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
