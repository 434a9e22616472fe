/**
 * Streaming XLSX reader (exceljs WorkbookReader): rows of one worksheet as text fields, so XLSX reports go
 * through the same header and row handling as CSV. Cell values become text the way an operator reads them:
 * numbers in their shortest round-trip form, dates as ISO instants, formulas by their result.
 *
 * Known limit: a workbook whose zip stores the worksheet before the shared-strings table makes exceljs hold
 * that worksheet in memory until the table arrives. Excel and exceljs write the table first.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportRecord } from './records';

export interface XlsxReadOptions {
  /** 1-based worksheet position; the first worksheet by default. */
  readonly sheet?: number;
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return '';
  }
  return '';
}

export async function* readXlsxRecords(
  stream: Readable,
  options: XlsxReadOptions = {},
): AsyncGenerator<ReportRecord> {
  const wanted = options.sheet ?? 1;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles are needed to tell date cells from numbers.
    styles: 'cache',
  });
  let position = 0;
  for await (const worksheet of reader) {
    position += 1;
    if (position !== wanted) {
      // Drain sheets we do not read so the zip stream moves on.
      for await (const _row of worksheet) {
        // Nothing to do with the row: reading it is the point.
      }
      continue;
    }
    for await (const row of worksheet) {
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      // exceljs rows are 1-based and sparse.
      const fields: string[] = [];
      for (let i = 1; i < values.length; i += 1) fields.push(cellText(values[i]));
      if (fields.every((f) => f.trim() === '')) continue;
      yield { line: row.number, fields };
    }
  }
}
