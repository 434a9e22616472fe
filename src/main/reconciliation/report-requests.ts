/** What is asked of the report service and what it answers: the files written and why one was refused. */
import type { WrittenReportFile } from '../../shared/commands/reconciliation';
import type { IsoDate } from '../../shared/domain';
import type { RoutingTable } from '../engine/routing';
import type { ReportKind, ReportTrigger } from '../store/repositories/report-files';
import type { DateBasis } from './date-basis';
import type { DetailFilter, TabularFormat, TabularKind } from './tabular-reports';

/** A daily or requested report file as written (the console's `WrittenReportFile`, of a recorded kind). */
export type WrittenFile = WrittenReportFile & { readonly kind: ReportKind };

export interface Requester {
  readonly trigger: ReportTrigger;
  readonly actor: string;
}

export interface TabularExport {
  readonly kind: TabularKind;
  readonly date: IsoDate;
  readonly basis?: DateBasis;
  readonly facility?: string | undefined;
  readonly format: TabularFormat;
  readonly filter?: DetailFilter | undefined;
  readonly outDir: string;
}

export interface EpicExport {
  readonly date: IsoDate;
  readonly facility?: string | undefined;
  readonly outDir: string;
}

export type PostingFileRouting = Pick<RoutingTable, 'fileOnlyFacilities' | 'postingFileFormats'>;

export interface PostingFileExport {
  readonly date: IsoDate;
  readonly facility?: string | undefined;
  readonly outDir: string;
}

/** A file-only facility's daily posting file as written (its history is in the audit log). */
export type WrittenPostingFile = Omit<WrittenReportFile, 'kind' | 'basis' | 'format'> & {
  readonly kind: 'posting_file';
};

export class ReportError extends Error {
  constructor(
    readonly code: 'day_not_over' | 'mixed_currency' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
