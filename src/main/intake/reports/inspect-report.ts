/**
 * `imports.inspect`: a cheap look at the start of a report file, so the console can offer its columns for
 * mapping. Reads at most the first lines (CSV) or rows (XLSX), finds the header the way an import does
 * (title lines before it are tolerated) and returns a few rows through the card guard: a sample never
 * shows a full card number or a security code.
 */
import { Readable } from 'node:stream';
import {
  IMPORT_DELIMITERS,
  type ImportDelimiter,
  type ImportInspection,
} from '../../../shared/commands/imports';
import { guard } from '../../lib/card-guard';
import { redactText } from '../../lib/card-text';
import { readCsvRecords } from './csv-records';
import { matchHeader, rowObject, uniqueHeaders, type ColumnSpec } from './header';
import type { ReportRecord } from './records';
import { readXlsxRecords } from './xlsx-records';

/** As import-file.ts: the header must be among the first lines. */
const MAX_TITLE_LINES = 10;
export const SAMPLE_ROWS = 5;
/** CSV: enough text for a title, a header and the sample, however wide the rows. */
const CSV_HEAD_BYTES = 256 * 1024;

export interface InspectFormat {
  readonly source: string;
  readonly columns: readonly ColumnSpec[];
}

const isZip = (content: Buffer) => content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;

/** The delimiter that splits the first lines into the most fields (a comma when nothing splits them). */
export function sniffDelimiter(text: string): ImportDelimiter {
  const lines = text.split('\n', MAX_TITLE_LINES + 1).slice(0, MAX_TITLE_LINES);
  let best: ImportDelimiter = ',';
  let bestCount = 0;
  for (const delimiter of IMPORT_DELIMITERS) {
    const count = Math.max(0, ...lines.map((line) => line.split(delimiter).length - 1));
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

async function firstRecords(records: AsyncGenerator<ReportRecord>, limit: number): Promise<ReportRecord[]> {
  const out: ReportRecord[] = [];
  for await (const record of records) {
    out.push(record);
    if (out.length >= limit) break;
  }
  return out;
}

const filled = (fields: readonly string[]) => fields.filter((f) => f.trim() !== '').length;

export async function inspectReport(
  content: Buffer,
  formats: readonly InspectFormat[],
): Promise<ImportInspection> {
  const xlsx = isZip(content);
  let delimiter: ImportDelimiter = ',';
  let records: AsyncGenerator<ReportRecord>;
  if (xlsx) {
    records = readXlsxRecords(Readable.from([content]));
  } else {
    let head = content.subarray(0, CSV_HEAD_BYTES);
    // A cut-off last line would read as a short (damaged) row.
    if (head.length < content.length) head = head.subarray(0, head.lastIndexOf(0x0a) + 1);
    delimiter = sniffDelimiter(head.toString('utf8'));
    records = readCsvRecords(Readable.from([head]), { delimiter });
  }
  const read = (await firstRecords(records, MAX_TITLE_LINES + SAMPLE_ROWS)).filter(
    (r): r is Extract<ReportRecord, { fields: readonly string[] }> => 'fields' in r,
  );

  // The header: the first line a known format accepts, or else the first of the widest lines.
  const candidates = read.slice(0, MAX_TITLE_LINES);
  let headerAt = -1;
  let source: string | null = null;
  for (const [i, record] of candidates.entries()) {
    const headers = uniqueHeaders(record.fields);
    const format = formats.find((f) => matchHeader(headers, f.columns) !== null);
    if (format) {
      headerAt = i;
      source = format.source;
      break;
    }
  }
  if (headerAt < 0) {
    const widest = Math.max(0, ...candidates.map((r) => filled(r.fields)));
    headerAt = widest >= 2 ? candidates.findIndex((r) => filled(r.fields) === widest) : -1;
  }
  const header = read[headerAt];
  if (!header) {
    return {
      fileType: xlsx ? 'xlsx' : 'csv',
      delimiter,
      source,
      headers: [],
      sampleRows: [],
      maskedValues: 0,
    };
  }

  let maskedValues = 0;
  const rawHeaders = uniqueHeaders(header.fields);
  const headers = rawHeaders.map((name) => {
    const safe = redactText(name);
    maskedValues += safe.findings.length;
    return safe.text;
  });
  const sampleRows = read.slice(headerAt + 1, headerAt + 1 + SAMPLE_ROWS).map((record) => {
    // Guarded as the row intake would keep: by header, so a CVV column is recognised by its name too.
    const { redacted, findings } = guard(rowObject(rawHeaders, record.fields));
    maskedValues += findings.length;
    const values = rawHeaders.map((name) => {
      const value = redacted[redactText(name).text];
      return typeof value === 'string' ? value : '';
    });
    // Cells past the header are shown too (a damaged row), guarded on their own.
    for (const extra of record.fields.slice(rawHeaders.length)) {
      const safe = redactText(extra);
      maskedValues += safe.findings.length;
      values.push(safe.text);
    }
    return values;
  });
  return { fileType: xlsx ? 'xlsx' : 'csv', delimiter, source, headers, sampleRows, maskedValues };
}
