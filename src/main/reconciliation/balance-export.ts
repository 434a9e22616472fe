/**
 * The balancing of a day as files an operator can keep and share: the variances (one row each, with the
 * cause in words and the id sent to the EHR) and the three sides' totals per currency. CSV writes two files
 * (variances, sides); XLSX one workbook with both sheets. Same cell rules as the other reports (text guarded
 * against formulas, money as signed numbers with the currency's decimals).
 */
import { join } from 'node:path';
import { VARIANCE_CAUSE_LABEL, type Variance } from '../../shared/commands/reconciliation';
import { totalMinor } from '../../shared/signed-money';
import { ensurePrivateDir } from '../owner-only';
import { AtomicFileStream, writeStreamAtomic, type StreamedFile } from '../lib/atomic-stream-write';
import { UNEXPLAINED_CAUSES, type Balance } from './balancing';
import { csvChunks } from './csv-output';
import { fileSafe } from './file-names';
import type { ReportTable } from './report-table';
import { sheetOf, writeXlsx } from './xlsx-output';
import { fixZipTimestamps } from './zip-timestamps';

export interface BalanceFile extends StreamedFile {
  readonly file: string;
  readonly path: string;
  readonly format: 'csv' | 'xlsx';
  readonly rows: number;
}

interface SideRow {
  readonly side: string;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
}

export function varianceTable(balance: Balance): ReportTable<Variance> {
  return {
    sheet: 'Variances',
    rows: balance.variances,
    currencyOf: (v) => v.currency,
    columns: [
      { header: 'Cause', type: 'text', value: (v) => VARIANCE_CAUSE_LABEL[v.cause] },
      { header: 'Cause code', type: 'text', value: (v) => v.cause },
      {
        header: 'Unexplained',
        type: 'text',
        value: (v) => (UNEXPLAINED_CAUSES.includes(v.cause) ? 'Y' : 'N'),
      },
      { header: 'Facility', type: 'text', value: (v) => v.facility },
      { header: 'Transaction ID', type: 'text', value: (v) => v.processorTxnId },
      { header: 'Sent to the EHR as', type: 'text', value: (v) => v.externalId },
      { header: 'Type', type: 'text', value: (v) => v.kind },
      { header: 'Currency', type: 'text', value: (v) => v.currency },
      { header: 'Processor amount', type: 'money', value: (v) => v.processorMinor },
      { header: 'EHR amount', type: 'money', value: (v) => v.ehrMinor },
      { header: 'Difference', type: 'money', value: (v) => totalMinor([v.processorMinor, -v.ehrMinor]) },
      { header: 'Status', type: 'text', value: (v) => v.status },
      { header: 'Posting ID', type: 'integer', value: (v) => v.postingId },
      { header: 'EHR references', type: 'text', value: (v) => v.ehrReferences.join(' ') || null },
    ],
  };
}

export function sidesTable(balance: Balance): ReportTable<SideRow> {
  const rows: SideRow[] = [];
  for (const [side, totals] of [
    ['processor', balance.processor],
    ['clearpost', balance.clearpost],
    ['ehr', balance.ehr],
  ] as const) {
    for (const currency of Object.keys(totals).sort()) {
      const total = totals[currency];
      if (total) rows.push({ side, currency, count: total.count, amountMinor: total.amountMinor });
    }
  }
  return {
    sheet: 'Sides',
    rows,
    currencyOf: (r) => r.currency,
    columns: [
      { header: 'Side', type: 'text', value: (r) => r.side },
      { header: 'Currency', type: 'text', value: (r) => r.currency },
      { header: 'Count', type: 'integer', value: (r) => r.count },
      { header: 'Net amount', type: 'money', value: (r) => r.amountMinor },
    ],
  };
}

/** `balance_MAIN_2026-12-06.csv`, `balance_all_2026-12-06_effective.xlsx`. */
export function balanceFileName(balance: Balance, suffix: string): string {
  const who = balance.facility === null ? 'all' : fileSafe(balance.facility);
  const basisPart = balance.basis === 'transaction' ? '' : `_${balance.basis}`;
  return `balance_${who}_${balance.date}${basisPart}${suffix}`;
}

export async function writeBalanceFiles(
  balance: Balance,
  format: 'csv' | 'xlsx',
  dir: string,
): Promise<BalanceFile[]> {
  ensurePrivateDir(dir);
  const variances = varianceTable(balance);
  const sides = sidesTable(balance);
  const entry = (file: string, written: StreamedFile, rows: number): BalanceFile => ({
    ...written,
    file,
    path: join(dir, file),
    format,
    rows,
  });
  if (format === 'xlsx') {
    const file = balanceFileName(balance, '.xlsx');
    const out = await AtomicFileStream.open(join(dir, file));
    try {
      await writeXlsx(out, [sheetOf(variances), sheetOf(sides)]);
      return [entry(file, await out.commit(fixZipTimestamps), variances.rows.length)];
    } catch (error) {
      await out.abort();
      throw error;
    }
  }
  const main = balanceFileName(balance, '.csv');
  const side = balanceFileName(balance, '_sides.csv');
  return [
    entry(main, await writeStreamAtomic(join(dir, main), csvChunks(variances)), variances.rows.length),
    entry(side, await writeStreamAtomic(join(dir, side), csvChunks(sides)), sides.rows.length),
  ];
}
