import { formatMinor } from '../../shared/money';
import { neutralizeFormula } from './formula-guard';
import type { Column, TableShape } from './report-table';

/**
 * One row's cells as both writers put them in the file: money already formatted as a decimal string, text
 * already guarded, an empty string for no value. The cell's type is its column's (`table.columns[i].type`).
 * Plain strings, not objects: a million-row export makes twenty million of them.
 */
export function cellsOf<Row>(table: TableShape<Row>, row: Row): string[] {
  const currency = table.currencyOf(row);
  return table.columns.map((column) => cellOf(column, row, currency));
}

function cellOf<Row>(column: Column<Row>, row: Row, currency: string): string {
  const value = column.value(row);
  if (value === null) return '';
  switch (column.type) {
    case 'text':
      return neutralizeFormula(String(value));
    case 'money':
      if (typeof value !== 'number') throw new TypeError(`${column.header}: money must be minor units`);
      return formatMinor(value, currency);
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new TypeError(`${column.header}: expected a whole number`);
      }
      return String(value);
  }
}
