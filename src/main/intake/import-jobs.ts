/**
 * Console file imports: the browser cannot hand main a path, so it sends the file's content; main writes it
 * to a temporary file under the data folder, imports it in the background through the one import path
 * (reporting progress) and deletes the temporary file whatever the outcome.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EhrSystem } from '../../shared/domain';
import type { ImportStatus } from '../../shared/commands/imports';
import type { Clock } from '../clock';
import type { ImportOptions, ImportSummary } from './reports/import-file';

export interface ImportJobRequest {
  readonly fileName: string;
  readonly content: Buffer;
  readonly source?: string;
  readonly facility?: string;
  readonly ehr?: EhrSystem;
}

export interface ImportJobs {
  /** Starts an import and answers at once with its first status. */
  start(request: ImportJobRequest): ImportStatus;
  status(id: string): ImportStatus | undefined;
  /** Resolves when every running import has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export interface ImportJobsDeps {
  /** Temporary files go in `<dataDir>/imports-tmp`. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly importFile: (path: string, options: ImportOptions) => Promise<ImportSummary>;
  readonly onError?: (error: unknown, fileName: string) => void;
}

/** Finished imports kept for status queries. */
const KEEP_FINISHED = 50;

export function createImportJobs(deps: ImportJobsDeps): ImportJobs {
  const jobs = new Map<string, ImportStatus>();
  const running = new Set<Promise<void>>();
  const tempRoot = join(deps.dataDir, 'imports-tmp');

  const update = (id: string, change: Partial<ImportStatus>) => {
    const current = jobs.get(id);
    if (current) jobs.set(id, { ...current, ...change });
  };

  const prune = () => {
    const finished = [...jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.id);
  };

  async function run(id: string, request: ImportJobRequest): Promise<void> {
    // Its own folder per import, so the file keeps its name (quarantined rows cite `<file name>#line n`).
    const folder = join(tempRoot, id);
    let outcome: Partial<ImportStatus>;
    try {
      await mkdir(folder, { recursive: true });
      const path = join(folder, request.fileName);
      await writeFile(path, request.content, { mode: 0o600 });
      const summary = await deps.importFile(path, {
        ...(request.source !== undefined ? { source: request.source } : {}),
        ...(request.facility !== undefined ? { facility: request.facility } : {}),
        ...(request.ehr !== undefined ? { ehr: request.ehr } : {}),
        onProgress: ({ rows, imported, quarantined, duplicates, bytesRead, totalBytes }) =>
          update(id, { counts: { rows, imported, quarantined, duplicates }, bytesRead, totalBytes }),
      });
      const { rows, imported, quarantined, duplicates } = summary;
      outcome = {
        state: 'done',
        counts: { rows, imported, quarantined, duplicates },
        bytesRead: request.content.length,
        source: summary.source,
        alreadyImported: summary.alreadyImported,
        notices: summary.notices,
      };
    } catch (error) {
      deps.onError?.(error, request.fileName);
      outcome = {
        state: 'failed',
        error: error instanceof Error ? error.message : 'The file could not be imported.',
      };
    }
    // The temporary copy is gone before the import reports itself finished.
    await rm(folder, { recursive: true, force: true }).catch((error: unknown) =>
      deps.onError?.(error, request.fileName),
    );
    update(id, { ...outcome, finishedAt: deps.clock.now() });
    prune();
  }

  return {
    start(request) {
      const id = randomUUID();
      const status: ImportStatus = {
        id,
        fileName: request.fileName,
        state: 'running',
        counts: { rows: 0, imported: 0, quarantined: 0, duplicates: 0 },
        bytesRead: 0,
        totalBytes: request.content.length,
        source: null,
        alreadyImported: false,
        error: null,
        notices: [],
        startedAt: deps.clock.now(),
        finishedAt: null,
      };
      jobs.set(id, status);
      const job = run(id, request).finally(() => running.delete(job));
      running.add(job);
      return status;
    },
    status: (id) => jobs.get(id),
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
