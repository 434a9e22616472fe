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

/** A table's shape without its rows: what a writer needs to stream rows it is handed page by page. */
export interface TableShape<Row> {
  readonly sheet: string;
  readonly columns: readonly Column<Row>[];
  /** Money cells need their currency to be written with the right number of decimals. */
  readonly currencyOf: (row: Row) => string;
}

/** A table with all its rows at hand (the small ones: control totals, previews). */
export interface ReportTable<Row> extends TableShape<Row> {
  readonly rows: readonly Row[];
}
