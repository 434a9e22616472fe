/** CSV bytes of a report: RFC 4180 quoting by csv-stringify, CRLF line ends as spreadsheets expect, UTF-8. */
import { stringify } from 'csv-stringify/sync';
import { cellsOf } from './cells';
import type { ReportTable } from './report-table';

/** Rows are stringified in slices so a large report never needs one giant string. */
const SLICE = 5_000;

export function* csvChunks<Row>(table: ReportTable<Row>): Generator<Buffer> {
  yield Buffer.from(stringify([table.columns.map((c) => c.header)], { record_delimiter: 'windows' }), 'utf8');
  for (let start = 0; start < table.rows.length; start += SLICE) {
    const records = table.rows
      .slice(start, start + SLICE)
      .map((row) => cellsOf(table, row).map((c) => c.text));
    yield Buffer.from(stringify(records, { record_delimiter: 'windows' }), 'utf8');
  }
}
