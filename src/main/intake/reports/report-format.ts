import type { MapOutcome } from '../ingest';
import type { ColumnIndex, ColumnSpec } from './header';
import type { RowContext } from './row-event';

/** A report layout: the columns it reads (by header) and how one row becomes an event. */
export interface ReportFormat {
  /** The import source name (`--source`), also recorded with the imported file. */
  readonly source: string;
  readonly columns: readonly ColumnSpec[];
  /** Maps one redacted row (header → value). Never throws for bad data: it returns a rejection. */
  mapRow(row: Readonly<Record<string, unknown>>, index: ColumnIndex, ctx: RowContext): MapOutcome;
}
