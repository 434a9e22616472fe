/**
 * CSV bytes of a report: RFC 4180 quoting by csv-stringify, CRLF line ends as spreadsheets expect, UTF-8.
 * csv-stringify 6 quotes a cell only when it holds the whole record delimiter (CRLF), so a lone CR or LF
 * went out unquoted and split the row: `quoted_match` quotes any cell holding either.
 */
import type { Readable } from 'node:stream';
import { stringify as stringifyStream } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import { cellsOf } from './cells';
import type { ReportTable, TableShape } from './report-table';

const OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** A small table at hand (the control totals), in one chunk. */
export function* csvChunks<Row>(table: ReportTable<Row>): Generator<Buffer> {
  const records = [table.columns.map((c) => c.header), ...table.rows.map((row) => texts(table, row))];
  yield Buffer.from(stringify(records, OPTIONS), 'utf8');
}

/**
 * A report streamed page by page through csv-stringify's stream API: memory holds one page of rows and the
 * stream's buffers, whatever the number of rows. Records are written a page at a time and the next page is
 * only read once the stringifier has drained (backpressure). A failure in the row source fails the stream.
 */
export function csvStream<Row>(table: TableShape<Row>, pages: AsyncIterable<readonly Row[]>): Readable {
  const stringifier = stringifyStream(OPTIONS);
  void (async () => {
    let flowing = stringifier.write(table.columns.map((c) => c.header));
    for await (const page of pages) {
      if (stringifier.destroyed) return;
      for (const row of page) flowing = stringifier.write(texts(table, row));
      if (!flowing) {
        await drainedOrClosed(stringifier);
        flowing = true;
      }
    }
    stringifier.end();
  })().catch((error: unknown) => {
    stringifier.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return stringifier;
}

/** A stream the reader abandoned (a failed write, say) closes instead of draining: stop waiting then too. */
function drainedOrClosed(stream: Readable & NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function texts<Row>(table: TableShape<Row>, row: Row): string[] {
  return cellsOf(table, row);
}
