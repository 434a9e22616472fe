/**
 * RFC 4180 CSV for exports an operator opens in a spreadsheet. Cells that a spreadsheet would run as a
 * formula get a leading apostrophe (at the start and after every line break: formula-guard.ts), so an
 * exported processor field can never execute (OWASP "CSV injection").
 */
import { neutralizeFormula } from './formula-guard';

export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised if it could be a formula, quoted if it holds a quote, comma or line break. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers are written as they are: a negative amount is data, not a formula.
  let text = String(value);
  if (typeof value !== 'number') text = neutralizeFormula(text);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows joined with CRLF, as RFC 4180 asks, ending with a line break. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
