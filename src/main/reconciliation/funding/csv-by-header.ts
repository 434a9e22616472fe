/**
 * The one reader of the processor's CSV reports that Clearpost reads by header, not by position (Chargeback
 * Details, eCheck returns): a title line may come first; the header is the first line naming every required
 * column; each later line becomes a record by column name and goes through the report's own row mapping. A row
 * the mapping refuses is kept with its line number and reason (the import quarantines it), never dropped.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { FundingRejection } from './funding-item';

const CsvRows = z.array(z.array(z.string()));

export interface HeaderReport<Row> {
  /** Columns the header must name; the first line naming all of them is the header. */
  readonly required: readonly string[];
  /** The report's name, for the refusal of a file without the header. */
  readonly what: string;
  /** One record by column name (cells trimmed, a missing cell empty) to a row, or an Error saying why not. */
  readonly readRow: (row: Record<string, string>) => Row;
}

const hasAll = (fields: readonly string[], required: readonly string[]) =>
  required.every((c) => fields.includes(c));

/** True when one of the first five lines names every required column (the file's first bytes suffice). */
export function looksLikeHeaderReport(head: string, required: readonly string[]): boolean {
  return head
    .split(/\r?\n/)
    .slice(0, 5)
    .some((line) =>
      hasAll(
        line.split(',').map((f) => f.trim().replace(/^"|"$/g, '')),
        required,
      ),
    );
}

export function readByHeader<Row>(
  text: string,
  report: HeaderReport<Row>,
): { rows: Row[]; rejected: FundingRejection[] } {
  const records = CsvRows.parse(
    parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }),
  );
  const headerAt = records.findIndex((r) =>
    hasAll(
      r.map((f) => f.trim()),
      report.required,
    ),
  );
  if (headerAt < 0)
    throw new Error(`no ${report.what} header (${report.required.join(', ')}) in the first lines`);
  const header = (records[headerAt] ?? []).map((f) => f.trim());
  const rows: Row[] = [];
  const rejected: FundingRejection[] = [];
  records.slice(headerAt + 1).forEach((fields, index) => {
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = (fields[i] ?? '').trim()));
    try {
      rows.push(report.readRow(row));
    } catch (error) {
      rejected.push({
        ref: `line ${String(headerAt + index + 2)}`,
        reason: (error as Error).message,
        input: row,
      });
    }
  });
  return { rows, rejected };
}
