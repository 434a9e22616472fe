/**
 * XLSX bytes of a report (exceljs). Money goes in as a number cell so the sheet sums, formatted with the
 * currency's decimals; the number is parsed from the exact decimal string, and every amount up to 15
 * significant digits survives the round trip through a double exactly (shortest round-trip formatting).
 * Dates and times stay text: a spreadsheet date cell would silently shift them into the reader's zone.
 */
import ExcelJS from 'exceljs';
import { minorUnitDigits } from '../../shared/money';
import { cellsOf } from './cells';
import type { ReportTable } from './report-table';
import { fixZipTimestamps } from './zip-timestamps';

/** A fixed creation date keeps identical reports byte-identical; the history table has the real time. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** One worksheet to add; built with `sheetOf` so tables of different row types share a workbook. */
export type SheetWriter = (workbook: ExcelJS.Workbook) => void;

export function sheetOf<Row>(table: ReportTable<Row>): SheetWriter {
  return (workbook) => addSheet(workbook, table);
}

export async function xlsxBytes(sheets: readonly SheetWriter[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Clearpost';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  for (const add of sheets) add(workbook);
  const written = await workbook.xlsx.writeBuffer();
  return fixZipTimestamps(Buffer.from(written));
}

function addSheet<Row>(workbook: ExcelJS.Workbook, table: ReportTable<Row>): void {
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
  for (const row of table.rows) {
    const digits = minorUnitDigits(table.currencyOf(row));
    const added = sheet.addRow(
      cellsOf(table, row).map((cell) => {
        if (cell.text === '') return null;
        return cell.type === 'text' ? cell.text : Number(cell.text);
      }),
    );
    table.columns.forEach((column, index) => {
      if (column.type === 'money') {
        added.getCell(index + 1).numFmt = digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
      }
    });
  }
  table.columns.forEach((column, index) => {
    sheet.getColumn(index + 1).width = Math.min(40, Math.max(10, column.header.length + 2));
  });
}
