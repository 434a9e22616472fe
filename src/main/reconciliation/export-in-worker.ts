/**
 * Runs a report export on a worker thread (export-worker.ts). At a million rows the writers' garbage — V8's
 * young generation sized for throughput, not footprint — took the process past 300 MB and stopped its event
 * loop for up to 180 ms; in a worker with a small young generation the same file is written in far less
 * memory, and the main thread (the engine, the console) only receives one message per file.
 *
 * Whatever happens to the worker — an error it catches, a crash, running out of memory — the caller gets an
 * error, never a hang, and no temporary file is left behind.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { workerScript } from '../lib/worker-script';
import type { ExportJob, ExportMessage, SentError } from './export-job';
import { reportFileName } from './file-names';

/**
 * Measured at a million rows (bench/export.bench.ts, XLSX, peak RSS of the whole process): 315 MiB written
 * in the main thread with V8's defaults; on the worker 193 / 206 / 218 MiB with a young generation of 12 / 24
 * / 48 MB, rows/s the same within the machine's noise. 24 MB (8 MB semi-spaces) is the middle: the worker pays
 * the extra scavenges without stalling anyone. The live heap of an export is 15–25 MB; the old generation
 * limit leaves ten times that and stops a runaway with a clear error. (Far smaller limits, under ~4 MB, make
 * V8 abort the whole process instead of ending the worker: never go near them.)
 */
export const EXPORT_WORKER_LIMITS: ResourceLimits = {
  maxYoungGenerationSizeMb: 24,
  maxOldGenerationSizeMb: 256,
};

export type FileWritten = Extract<ExportMessage, { type: 'file' }>;

export async function exportInWorker(
  job: ExportJob,
  onFile: (file: FileWritten) => void,
  limits: ResourceLimits = {},
): Promise<void> {
  const worker = new Worker(await exportWorkerScript(), {
    workerData: job,
    resourceLimits: { ...EXPORT_WORKER_LIMITS, ...limits },
  });
  const partials = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: ExportMessage) => {
        try {
          if (message.type === 'partial') partials.add(message.path);
          else if (message.type === 'file') onFile(message);
          else if (message.type === 'done') resolve();
          else reject(rebuilt(message.error));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      worker.once('error', (error: Error & { code?: string }) =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(`the export ran out of memory in its worker (${error.message})`, { cause: error })
            : error,
        ),
      );
      // After 'done' or an error this changes nothing; alone, it is a worker that died without a word.
      worker.once('exit', (code) =>
        reject(new Error(`the export worker stopped before it finished (exit code ${String(code)})`)),
      );
    });
  } catch (error) {
    await worker.terminate();
    await removeTemporaries(job, partials);
    throw error;
  }
  await worker.terminate();
}

const PARTIAL = /\.partial-[0-9a-f]{12}$/;

/**
 * The worker removes its own temporary file when a write fails; not when it was killed mid-write. It names
 * each one as it opens it, but a worker stopped right after opening one may not have: the temporary files of
 * this job's file names go too (a write of the same file into the same folder at that moment would lose its
 * temporary file and fail, never leave a partial file). Never throws: the export's own error is the one told.
 */
async function removeTemporaries(job: ExportJob, named: ReadonlySet<string>): Promise<void> {
  const prefixes = new Set(fileNamesOf(job).map((name) => `.${name}.partial-`));
  let orphans: string[] = [];
  try {
    orphans = readdirSync(job.dir)
      .filter((entry) => PARTIAL.test(entry) && prefixes.has(entry.replace(PARTIAL, '.partial-')))
      .map((entry) => join(job.dir, entry));
  } catch {
    // The folder itself is gone: nothing left in it.
  }
  await Promise.all([...named, ...orphans].map((path) => rm(path, { force: true }).catch(() => undefined)));
}

/** Every file the job may write (tabular-files.ts names them the same way). */
function fileNamesOf(job: ExportJob): string[] {
  const { kind, date, basis } = job.request;
  const suffixes = job.format === 'xlsx' ? ['.xlsx'] : ['.csv', '_totals.csv'];
  return job.facilities.flatMap(({ facility }) =>
    suffixes.map((suffix) => reportFileName(kind, facility, date, basis, suffix)),
  );
}

/** The error as the export in process would have thrown it: same message, name and code (ENOSPC, SQLITE_…). */
function rebuilt(sent: SentError): Error {
  const error = new Error(sent.message) as Error & { code?: string };
  error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  return error;
}

/** The built export worker, or (from the TypeScript sources) export-worker.ts bundled on first use. */
function exportWorkerScript(): Promise<string> {
  return workerScript(import.meta.url, 'export-worker', 'export-worker.ts');
}
