/**
 * Streaming CSV reader that keeps going past bad rows.
 *
 * csv-parse on its own, after an unclosed quote, swallows every following line into one broken record, so a
 * single stray quote would lose the rest of the file. Here record boundaries are found first, line by line,
 * with a quote-aware scan; a record still open after MAX_RECORD_LINES lines (or MAX_RECORD_CHARS) is declared
 * malformed at its first line and reading restarts on the next line. Records without quotes are split
 * directly (most report rows); records with quotes are parsed by csv-parse, whose errors become row errors.
 * Memory stays bounded by one chunk plus one record.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { parse as parseSync } from 'csv-parse/sync';
import type { ReportRecord } from './records';

const MAX_RECORD_LINES = 50;
const MAX_RECORD_CHARS = 64 * 1024;

export interface CsvReadOptions {
  readonly delimiter?: string;
  /** Called with the byte count as chunks are consumed. */
  readonly onBytes?: (bytesRead: number) => void;
}

/** Whether the record text ends inside a quoted field (so the next line belongs to it). */
function endsInsideQuotes(text: string, delimiter: string): boolean {
  if (!text.includes('"')) return false;
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i += 1;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (c === delimiter || c === '\n') {
      atFieldStart = true;
    } else {
      atFieldStart = false;
    }
  }
  return inQuotes;
}

function toRecord(line: number, text: string, delimiter: string): ReportRecord {
  if (!text.includes('"')) return { line, fields: text.split(delimiter) };
  try {
    const rows = parseSync(text, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      record_delimiter: '\n',
    });
    if (rows.length !== 1 || !rows[0])
      return { line, error: 'The row is not a single CSV record.', raw: text };
    return { line, fields: rows[0] };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'CSV_ERROR';
    return { line, error: `The row is not valid CSV (${code}).`, raw: text };
  }
}

/** Yields each record with its first line number; blank lines are skipped. */
export async function* readCsvRecords(
  stream: Readable,
  options: CsvReadOptions = {},
): AsyncGenerator<ReportRecord> {
  const delimiter = options.delimiter ?? ',';
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineNo = 0;
  let bytes = 0;
  let first = true;
  // Lines of a record still open inside quotes; retried one line later when the record is abandoned.
  let pending: { line: number; text: string }[] = [];

  function* feed(lines: { line: number; text: string }[], final: boolean): Generator<ReportRecord> {
    const queue = [...lines];
    while (queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      pending.push(next);
      const text = pending.map((p) => p.text).join('\n');
      const startLine = pending[0]?.line ?? next.line;
      if (!endsInsideQuotes(text, delimiter)) {
        pending = [];
        if (text.trim() !== '') yield toRecord(startLine, text, delimiter);
        continue;
      }
      const tooLong = pending.length >= MAX_RECORD_LINES || text.length >= MAX_RECORD_CHARS;
      const stuck = final && queue.length === 0;
      if (tooLong || stuck) {
        const [bad, ...rest] = pending;
        pending = [];
        if (bad) yield { line: bad.line, error: 'The row has a quote that is never closed.', raw: bad.text };
        queue.unshift(...rest);
      }
    }
  }

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    let text = carry + decoder.write(buf);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const parts = text.split('\n');
    carry = parts.pop() ?? '';
    const lines = parts.map((p) => ({ line: (lineNo += 1), text: p.endsWith('\r') ? p.slice(0, -1) : p }));
    yield* feed(lines, false);
    options.onBytes?.(bytes);
  }
  const rest = carry + decoder.end();
  const tail =
    rest === '' ? [] : [{ line: (lineNo += 1), text: rest.endsWith('\r') ? rest.slice(0, -1) : rest }];
  yield* feed(tail, true);
  // Lines still open at the end of the file: each is retried until all are emitted.
  while (pending.length > 0) {
    const left = pending;
    pending = [];
    yield* feed(left, true);
  }
}
