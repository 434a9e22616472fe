import { formatMinor } from '../../shared/money';
import { neutralizeFormula } from './formula-guard';
import type { Cell, Column, ReportTable } from './report-table';

/** One row's cells, as both writers put them in the file. */
export function cellsOf<Row>(table: ReportTable<Row>, row: Row): Cell[] {
  return table.columns.map((column) => cellOf(column, row, table.currencyOf(row)));
}

function cellOf<Row>(column: Column<Row>, row: Row, currency: string): Cell {
  const value = column.value(row);
  if (value === null) return { type: column.type, text: '' };
  switch (column.type) {
    case 'text':
      return { type: 'text', text: neutralizeFormula(String(value)) };
    case 'money':
      if (typeof value !== 'number') throw new TypeError(`${column.header}: money must be minor units`);
      return { type: 'money', text: formatMinor(value, currency) };
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new TypeError(`${column.header}: expected a whole number`);
      }
      return { type: 'integer', text: String(value) };
  }
}
