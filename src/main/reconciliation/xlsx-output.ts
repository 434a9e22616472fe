/**
 * XLSX of a report, streamed (exceljs WorkbookWriter): each row is committed to the sheet's XML as soon as
 * it is added, and the zip is compressed and written while rows are still coming, so memory does not grow
 * with the number of rows. Text cells are inline strings, not a shared-string table (which would hold every
 * distinct text in memory). Money goes in as a number cell so the sheet sums, formatted with the currency's
 * decimals; the number is parsed from the exact decimal string, and every amount up to 15 significant digits
 * survives the round trip through a double exactly (shortest round-trip formatting), shown with thousands
 * separators. Business dates (a column whose header ends in "date" holding YYYY-MM-DD) are date cells, so the
 * sheet sorts and filters them as dates; a date cell has no zone, and the day is written as the facility's own
 * (UTC midnight of that day, which is how Excel's serial numbers count). Times stay text with their zone:
 * a spreadsheet time would silently shift into the reader's zone.
 * For print (a cash-posting team prints its day): column widths fitted to the content of the first thousand
 * rows (capped), the header row frozen on screen and repeated on every printed page, landscape, scaled to one
 * page wide.
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

/** Print set-up of every sheet: landscape, one page wide (as many pages down as it takes), header repeated. */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  // No paper size: ECMA-376 then means US Letter (paperSize 1), which US sites print on.
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
};
/** The header row stays in view while scrolling. */
const FROZEN_HEADER: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
/** Widths in characters: at least the header, at most this (a long reason is cut on screen, not the page). */
const MAX_WIDTH = 45;
const MIN_WIDTH = 6;
/** Rows read ahead to fit the widths: bounded, so memory stays bounded whatever the day. */
const WIDTH_SAMPLE_ROWS = 1_000;

async function writeSheet<Row>(
  { workbook, failed }: XlsxTarget,
  table: TableShape<Row>,
  pages: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
): Promise<void> {
  const sheet = workbook.addWorksheet(table.sheet, { pageSetup: PAGE_SETUP, views: FROZEN_HEADER });
  const types = table.columns.map((c) => c.type);
  const dateColumns = table.columns.map((c) => c.type === 'text' && /date$/i.test(c.header));
  const rest = iterate(pages);
  // Columns are written before the first row, so their widths come from the first rows, read ahead. A fixed
  // number of rows, not a page: the same data gives the same bytes whatever the page size.
  const ahead: (readonly Row[])[] = [];
  let sampled = 0;
  let exhausted = false;
  while (sampled < WIDTH_SAMPLE_ROWS) {
    const next = await rest.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    ahead.push(next.value);
    sampled += next.value.length;
  }
  const widths = table.columns.map((c) => c.header.length);
  for (const row of ahead.flat().slice(0, WIDTH_SAMPLE_ROWS)) {
    const digits = minorUnitDigits(table.currencyOf(row));
    cellsOf(table, row).forEach((text, index) => {
      const shown = types[index] === 'money' && text !== '' ? grouped(text, digits) : longestLine(text);
      widths[index] = Math.max(widths[index] ?? 0, shown.length);
    });
  }
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
  });
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  const write = (page: readonly Row[]) => {
    for (const row of page) {
      const moneyStyle = moneyStyleOf(minorUnitDigits(table.currencyOf(row)));
      const cells = cellsOf(table, row);
      const added = sheet.addRow(
        cells.map((text, index) => {
          if (text === '') return null;
          if (dateColumns[index] && ISO_DATE.test(text)) return new Date(`${text}T00:00:00Z`);
          return types[index] === 'text' ? text : Number(text);
        }),
      );
      cells.forEach((text, index) => {
        // Every cell gets a shared style object: exceljs looks a style up by object identity first, and
        // builds and compares the style's XML for every cell it has not seen (most of the time of a sheet).
        // The id is kept per object whatever the cell's type, so each kind of cell has its own object.
        const isDate = dateColumns[index] === true && ISO_DATE.test(text);
        added.getCell(index + 1).style = isDate ? DATE_STYLE : styleOf(types[index], text, moneyStyle);
      });
      added.commit();
    }
  };
  for (const page of ahead) {
    write(page);
    await Promise.race([compressionCaughtUp(sheet), failed]);
  }
  if (!exhausted) {
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      write(next.value);
      await Promise.race([compressionCaughtUp(sheet), failed]);
    }
  }
  sheet.commit();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

async function* iterate<T>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  for await (const item of source) yield item;
}

/** How an amount shows with its thousands separators ("1234567.50" shows as "1,234,567.50"). */
function grouped(decimal: string, digits: number): string {
  const [whole = '', fraction] = decimal.split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return digits > 0 && fraction !== undefined ? `${withCommas}.${fraction}` : withCommas;
}

function longestLine(text: string): string {
  if (!/[\r\n]/.test(text)) return text;
  return text.split(/\r\n|\r|\n/).reduce((a, b) => (b.length > a.length ? b : a), '');
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
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd' };
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

/**
 * Money shows the currency's decimals with thousands separators: `#,##0.00` for USD, `#,##0` for JPY,
 * `#,##0.000` for KWD. Negative amounts (refunds, voids) show their minus sign.
 */
function moneyStyleOf(digits: number): Partial<ExcelJS.Style> {
  let style = MONEY_STYLES.get(digits);
  if (!style) {
    style = { numFmt: digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}` };
    MONEY_STYLES.set(digits, style);
  }
  return style;
}
