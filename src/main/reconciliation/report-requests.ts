/** What is asked of the report service and what it answers: the files written and why one was refused. */
import type { IsoDate } from '../../shared/domain';
import type { RoutingTable } from '../engine/routing';
import type { ReportKind, ReportTrigger } from '../store/repositories/report-files';
import type { DateBasis } from './date-basis';
import type { DetailFilter, TabularFormat, TabularKind } from './tabular-reports';

export interface WrittenFile {
  readonly kind: ReportKind;
  readonly facility: string;
  readonly date: IsoDate;
  readonly basis: DateBasis;
  readonly format: 'csv' | 'xlsx' | 'pipe';
  readonly file: string;
  readonly path: string;
  readonly rows: number;
  /** Grand total per currency as a decimal string, and in minor units. */
  readonly totals: Record<string, string>;
  readonly totalsMinor: Record<string, number>;
  readonly sha256: string;
  readonly bytes: number;
}

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
export interface WrittenPostingFile {
  readonly kind: 'posting_file';
  readonly facility: string;
  readonly date: IsoDate;
  readonly file: string;
  readonly path: string;
  readonly rows: number;
  readonly totals: Record<string, string>;
  readonly totalsMinor: Record<string, number>;
  readonly sha256: string;
  readonly bytes: number;
}

export class ReportError extends Error {
  constructor(
    readonly code: 'day_not_over' | 'mixed_currency' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
