/**
 * BAI2 physical lines → logical records. A record starts with its two-digit code and may be continued by
 * any number of 88 lines; each 88 starts a new field (a field is never split across lines), except the text
 * of a 16 record, which simply goes on. A record's fields end at "/" (fixed-length files pad after it).
 * Source: "Cash Management Balance Reporting Specifications Version 2", BAI (Bank Administration Institute),
 * sections "Record Format" and "Continuation Records".
 */
import { BankFileError } from './bank-statement';

export interface Bai2Segment {
  readonly line: number;
  /** The line after its record code and the comma that follows it, trailing padding removed. */
  readonly body: string;
}

export interface Bai2Record {
  readonly code: string;
  /** Physical line of the record's first line. */
  readonly line: number;
  /** The first line and every 88 continuation, in order. */
  readonly segments: readonly Bai2Segment[];
}

const RECORD_CODES = new Set(['01', '02', '03', '16', '49', '88', '98', '99']);

export function bai2Records(text: string): Bai2Record[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const records: { code: string; line: number; segments: Bai2Segment[] }[] = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trimEnd();
    if (trimmed === '') return; // blank lines and fixed-block padding carry nothing
    const code = trimmed.slice(0, 2);
    if (!RECORD_CODES.has(code) || (trimmed.length > 2 && trimmed[2] !== ',' && trimmed[2] !== '/')) {
      throw new BankFileError(line, `"${trimmed.slice(0, 12)}" does not start with a BAI2 record code`);
    }
    const body = trimmed.slice(3);
    if (code === '88') {
      const previous = records.at(-1);
      if (!previous) throw new BankFileError(line, 'a continuation (88) line has no record to continue');
      previous.segments.push({ line, body });
      return;
    }
    records.push({ code, line, segments: [{ line, body }] });
  });
  return records;
}

/**
 * The comma-separated fields of a record other than 16: each segment's fields end at its first "/", and an
 * 88 begins a new field.
 */
export function recordFields(record: Bai2Record): string[] {
  return record.segments
    .map((s) => {
      const slash = s.body.indexOf('/');
      return slash >= 0 ? s.body.slice(0, slash) : s.body;
    })
    .join(',')
    .split(',')
    .map((f) => f.trim());
}

/** How many physical lines a record took (its record count in the trailers includes each 88). */
export function lineCount(record: Bai2Record): number {
  return record.segments.length;
}
