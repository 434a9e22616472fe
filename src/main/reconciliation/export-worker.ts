/**
 * The export worker's entry (a build entry of its own: electron.vite.config.ts, vite.tools.config.mts, the
 * export benchmark). Reads the day's rows through its own read-only connection and writes each facility's
 * files exactly as the main thread did (the same streamTabular and writeTabularFiles), so a million-row file
 * neither grows the main process's heap nor stops its event loop. Sends each written file back as it lands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ExportJob, ExportMessage, SentError } from './export-job';
import type { FacilityZones } from './facility-zones';
import { writeTabularFiles } from './tabular-files';
import { streamTabular } from './tabular-reports';

async function run(job: ExportJob, send: (message: ExportMessage) => void): Promise<void> {
  const db = new Database(job.databasePath, { readonly: true, fileMustExist: true });
  try {
    // The engine may be writing: WAL lets this connection read beside it, and a checkpoint's brief lock waits.
    db.pragma('busy_timeout = 5000');
    const hooks = {
      ...(job.mode === undefined ? {} : { mode: job.mode }),
      onTemp: (path: string) => send({ type: 'partial', path }),
    };
    for (const { facility, zone } of job.facilities) {
      // Every row of a facility's report is that facility's, so its zone is the only one asked for.
      const zones: FacilityZones = { zoneFor: () => zone, known: [] };
      const report = streamTabular(db, zones, job.request, facility, job.pageSize);
      await writeTabularFiles(
        report,
        job.format,
        job.dir,
        (file) => send({ type: 'file', facility, file, totalsMinor: report.totals.grandTotals() }),
        hooks,
      );
    }
  } finally {
    db.close();
  }
}

function sent(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code } = error as { code?: unknown };
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}

if (parentPort) {
  const port = parentPort;
  const send = (message: ExportMessage) => port.postMessage(message);
  run(workerData as ExportJob, send).then(
    () => send({ type: 'done' }),
    (error: unknown) => send({ type: 'failed', error: sent(error) }),
  );
}
