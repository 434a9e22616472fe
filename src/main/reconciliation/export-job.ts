/**
 * What the main thread hands the export worker (export-worker.ts) and what the worker sends back
 * (export-in-worker.ts runs it). Plain data only: it crosses threads by structured clone.
 */
import type { TabularFile } from './tabular-files';
import type { TabularFormat, TabularRequest } from './tabular-reports';

export interface ExportJob {
  /** The database file: the worker reads it through a read-only connection of its own. */
  readonly databasePath: string;
  readonly request: TabularRequest;
  /** Each facility's file in turn, with the time zone of its day (decided on the main thread). */
  readonly facilities: readonly { readonly facility: string; readonly zone: string }[];
  readonly format: TabularFormat;
  readonly dir: string;
  readonly pageSize?: number | undefined;
  /** File permissions of the written files (AtomicWriteHooks.mode). */
  readonly mode?: number | undefined;
}

/** A failure as it crossed the thread: enough to rebuild the error the export gives in process. */
export interface SentError {
  readonly name: string;
  readonly message: string;
  readonly code?: string | undefined;
}

export type ExportMessage =
  /** A temporary file was opened: removed by the main thread if the worker dies before it is renamed. */
  | { readonly type: 'partial'; readonly path: string }
  /** One file is in place under its final name. */
  | {
      readonly type: 'file';
      readonly facility: string;
      readonly file: TabularFile;
      /** The report's grand total per currency, in minor units. */
      readonly totalsMinor: Record<string, number>;
    }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: SentError };
