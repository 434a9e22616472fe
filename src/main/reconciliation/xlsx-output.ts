/**
 * XLSX of a report, streamed (exceljs WorkbookWriter): each row is committed to the sheet's XML as soon as
 * it is added, and the zip is compressed and written while rows are still coming, so memory does not grow
 * with the number of rows. Text cells are inline strings, not a shared-string table (which would hold every
 * distinct text in memory). Money goes in as a number cell so the sheet sums, formatted with the currency's
 * decimals; the number is parsed from the exact decimal string, and every amount up to 15 significant digits
 * survives the round trip through a double exactly (shortest round-trip formatting). Dates and times stay
 * text: a spreadsheet date cell would silently shift them into the reader's zone.
 */
import { EventEmitter, once } from 'node:events';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { minorUnitDigits } from '../../shared/money';
import { cellsOf } from './cells';
import type { ColumnType, ReportTable, TableShape } from './report-table';

/** A fixed creation date keeps identical reports byte-identical; the history table has the real time. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** The workbook being written, and a promise that rejects as soon as writing its bytes has failed. */
export interface XlsxTarget {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly failed: Promise<never>;
}

/** One worksheet to write, in order; a sheet is only started once the one before it is finished. */
export type SheetWriter = (target: XlsxTarget) => Promise<void>;

/** Where the zip's bytes go; awaiting a write is the backpressure. */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}

export function sheetOf<Row>(table: ReportTable<Row>): SheetWriter {
  return (target) => writeSheet(target, table, [table.rows]);
}

export function streamedSheetOf<Row>(
  table: TableShape<Row>,
  pages: AsyncIterable<readonly Row[]>,
): SheetWriter {
  return (target) => writeSheet(target, table, pages);
}

export async function writeXlsx(sink: ByteSink, sheets: readonly SheetWriter[]): Promise<void> {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
  });
  // A failed write (a full disk) stops the zip from draining: everything that waits on it races this.
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Clearpost';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  for (const write of sheets) await write({ workbook, failed });
  await Promise.race([workbook.commit(), failed]);
}

async function writeSheet<Row>(
  { workbook, failed }: XlsxTarget,
  table: TableShape<Row>,
  pages: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
): Promise<void> {
  const sheet = workbook.addWorksheet(table.sheet);
  // Columns are written before the first row, so their widths are set first.
  table.columns.forEach((column, index) => {
    sheet.getColumn(index + 1).width = Math.min(40, Math.max(10, column.header.length + 2));
  });
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  const types = table.columns.map((c) => c.type);
  for await (const page of pages) {
    for (const row of page) {
      const moneyStyle = moneyStyleOf(minorUnitDigits(table.currencyOf(row)));
      const cells = cellsOf(table, row);
      const added = sheet.addRow(
        cells.map((text, index) => {
          if (text === '') return null;
          return types[index] === 'text' ? text : Number(text);
        }),
      );
      cells.forEach((text, index) => {
        // Every cell gets a shared style object: exceljs looks a style up by object identity first, and
        // builds and compares the style's XML for every cell it has not seen (most of the time of a sheet).
        // The id is kept per object whatever the cell's type, so each kind of cell has its own object.
        added.getCell(index + 1).style = styleOf(types[index], text, moneyStyle);
      });
      added.commit();
    }
    await Promise.race([compressionCaughtUp(sheet), failed]);
  }
  sheet.commit();
}

/** Uncompressed XML allowed to wait for the zip's compressor before rows stop being added. */
const BACKLOG_LIMIT = 1024 * 1024;

/**
 * exceljs hands each 64 KiB of a sheet's XML to the zip without waiting for the compressor, so a sheet
 * written faster than it compresses would pile up in memory (the whole sheet, for a big day). The piece of
 * exceljs that would wait is missing, so the wait is here: past the limit, rows stop until the compressor has
 * drained its input. Where exceljs's internals are not as expected the wait is skipped, never the rows.
 */
async function compressionCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  // The sheet's XML goes into a `readable-stream` PassThrough of archiver's (not a Node stream class).
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    if (!(pipe instanceof EventEmitter)) continue;
    const { _writableState: writable, _readableState: readable } = pipe as StreamInternals;
    if (!writable?.needDrain) continue;
    if (writable.length + (readable?.length ?? 0) > BACKLOG_LIMIT) await once(pipe, 'drain');
  }
}

interface StreamInternals {
  readonly _writableState?: { readonly length: number; readonly needDrain: boolean };
  readonly _readableState?: { readonly length: number };
}

const TEXT_STYLE: Partial<ExcelJS.Style> = {};
const INTEGER_STYLE: Partial<ExcelJS.Style> = {};
const EMPTY_STYLE: Partial<ExcelJS.Style> = {};
const MONEY_STYLES = new Map<number, Partial<ExcelJS.Style>>();

function styleOf(
  type: ColumnType | undefined,
  text: string,
  moneyStyle: Partial<ExcelJS.Style>,
): Partial<ExcelJS.Style> {
  if (type === 'money') return moneyStyle;
  if (text === '') return EMPTY_STYLE;
  return type === 'text' ? TEXT_STYLE : INTEGER_STYLE;
}

/** Money shows the currency's decimals: `0.00` for USD, `0` for JPY, `0.000` for KWD. */
function moneyStyleOf(digits: number): Partial<ExcelJS.Style> {
  let style = MONEY_STYLES.get(digits);
  if (!style) {
    style = { numFmt: digits === 0 ? '0' : `0.${'0'.repeat(digits)}` };
    MONEY_STYLES.set(digits, style);
  }
  return style;
}
