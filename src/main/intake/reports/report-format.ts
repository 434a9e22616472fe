import type { IsoDate } from '../../../shared/domain';
import type { MapOutcome } from '../ingest';
import type { ColumnIndex, ColumnSpec } from './header';
import type { RowContext } from './row-event';

/** What a row is read with: the intake settings, and what the file says about itself outside its rows. */
export interface FileContext extends RowContext {
  /**
   * The file's day, for layouts without a date column (the Transaction Request Report): read from its title
   * line, or given with the import. Null when neither says.
   */
  readonly reportDate: IsoDate | null;
}

/** The field the import adds to each row of a layout without a date column: the file's day. */
export const REPORT_DATE_FIELD = 'report_date';

/** A report layout: the columns it reads (by header) and how one row becomes an event. */
export interface ReportFormat {
  /** The import source name (`--source`), also recorded with the imported file. */
  readonly source: string;
  readonly columns: readonly ColumnSpec[];
  /** The layout has no date column: a file without a day (title line or import option) is refused whole. */
  readonly needsReportDate?: boolean;
  /** Maps one redacted row (header → value). Never throws for bad data: it returns a rejection. */
  mapRow(row: Readonly<Record<string, unknown>>, index: ColumnIndex, ctx: FileContext): MapOutcome;
}
