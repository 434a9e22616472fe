/**
 * Reports are read by header, never by position: a format names each column it uses with the header
 * spellings it accepts, and the header line is found among the first lines (title lines before it are
 * tolerated). Names match ignoring case, spaces, dashes and underscores ("RequestID" = "request_id").
 */
import { fieldKey } from '../canonical/custom-fields';
import { setOwn } from '../../lib/own-property';

export interface ColumnSpec {
  readonly key: string;
  readonly names: readonly string[];
  /** The header is this format's only when every required column is present. */
  readonly required: boolean;
}

/** Column key → the header name as written in the file. */
export type ColumnIndex = ReadonlyMap<string, string>;

/** Header names made unique ("Amount", "Amount (2)") so that a row can be a plain object. */
export function uniqueHeaders(fields: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((raw, i) => {
    const name = raw.trim() === '' ? `column ${String(i + 1)}` : raw.trim();
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${String(n)})`;
  });
}

/** Resolves the format's columns against a candidate header line, or null when a required one is missing. */
export function matchHeader(headers: readonly string[], columns: readonly ColumnSpec[]): ColumnIndex | null {
  const byKey = new Map<string, string>();
  for (const h of headers) {
    const k = fieldKey(h);
    if (!byKey.has(k)) byKey.set(k, h);
  }
  const index = new Map<string, string>();
  for (const column of columns) {
    const hit = column.names.map((n) => byKey.get(fieldKey(n))).find((h) => h !== undefined);
    if (hit !== undefined) index.set(column.key, hit);
    else if (column.required) return null;
  }
  return index;
}

/** A row as header → value, the shape the card guard scans and the quarantine keeps. */
export function rowObject(headers: readonly string[], fields: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  headers.forEach((h, i) => {
    setOwn(row, h, fields[i] ?? '');
  });
  return row;
}

/** Reads a column of a (redacted) row by its key. Empty cells read as undefined. */
export function cell(
  row: Readonly<Record<string, unknown>>,
  index: ColumnIndex,
  key: string,
): string | undefined {
  const header = index.get(key);
  if (header === undefined) return undefined;
  const value = row[header];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  // Rows are header → text (rowObject); anything else is not a cell value.
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
