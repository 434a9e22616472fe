/**
 * Writes the files of one facility's streamed report. XLSX: one workbook with the rows and a control-totals
 * sheet. CSV: the rows, and the control totals in a second CSV beside it (a totals block inside the same CSV would break every reader that goes by the
 * header). The totals are gathered while the rows are written and written after them, so they are exactly
 * the rows in the file.
 */
import { join } from 'node:path';
import { AtomicFileStream, writeStreamAtomic, type StreamedFile } from '../lib/atomic-stream-write';
import type { AtomicWriteHooks } from '../lib/atomic-write';
import { csvChunks, csvStream } from './csv-output';
import { reportFileName } from './file-names';
import { totalsTable } from './report-columns';
import type { StreamedReport, TabularFormat } from './tabular-reports';
import { sheetOf, streamedSheetOf, writeXlsx } from './xlsx-output';
import { fixZipTimestamps } from './zip-timestamps';

export interface TabularFile extends StreamedFile {
  readonly fileName: string;
  readonly path: string;
  readonly format: TabularFormat;
  readonly rows: number;
}

/** Writes the report's files one after the other, handing each to `done` as soon as it is in place. */
export async function writeTabularFiles(
  report: StreamedReport,
  format: TabularFormat,
  dir: string,
  done: (file: TabularFile) => void,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const name = (suffix: string) =>
    reportFileName(report.kind, report.facility, report.date, report.basis, suffix);
  const totals = () => totalsTable(report.totals.controlTotals());
  const file = (fileName: string, written: StreamedFile, rows: number): TabularFile => ({
    ...written,
    fileName,
    path: join(dir, fileName),
    format,
    rows,
  });

  if (format === 'xlsx') {
    const fileName = name('.xlsx');
    const out = await AtomicFileStream.open(join(dir, fileName), hooks);
    try {
      const rowsSheet = streamedSheetOf(report.table, report.pages);
      // The totals sheet is built when its turn comes: after every row has gone through the totals.
      // Both reports carry their control totals (gross and net per status, kind, tender and facility).
      await writeXlsx(out, [rowsSheet, (target) => sheetOf(totals())(target)]);
      done(file(fileName, await out.commit(fixZipTimestamps), report.totals.rows));
    } catch (error) {
      await out.abort();
      throw error;
    }
    return;
  }

  const fileName = name('.csv');
  // The stream starts reading rows only once the writer iterates it: a row source that fails at once (a
  // missing table) then fails the write, instead of raising an error on a stream nobody listens to yet.
  const rows = {
    [Symbol.asyncIterator]: () => csvStream(report.table, report.pages)[Symbol.asyncIterator](),
  };
  const main = await writeStreamAtomic(join(dir, fileName), rows, hooks);
  done(file(fileName, main, report.totals.rows));
  const table = totals();
  const totalsName = name('_totals.csv');
  done(
    file(
      totalsName,
      await writeStreamAtomic(join(dir, totalsName), csvChunks(table), hooks),
      table.rows.length,
    ),
  );
}
