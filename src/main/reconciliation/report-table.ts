/**
 * A report as data: typed columns and rows, written identically to CSV and XLSX. The column type decides
 * how a cell is written (and whether the formula guard applies): text is guarded, money and integers are not.
 */
export type ColumnType = 'text' | 'money' | 'integer';

export interface Column<Row> {
  readonly header: string;
  readonly type: ColumnType;
  /** text: a string or null; money: integer minor units; integer: a whole number. */
  readonly value: (row: Row) => string | number | null;
}

/** Money cells need their currency to be written with the right number of decimals. */
export interface ReportTable<Row> {
  readonly sheet: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly currencyOf: (row: Row) => string;
}

/** A cell as it is written: money already formatted as a decimal string, text already guarded. */
export type Cell = { readonly type: ColumnType; readonly text: string };
