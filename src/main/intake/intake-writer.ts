/**
 * Intake's writes, typed: each op of intake-writes.ts called by name, run on intake's writer thread, its
 * promise settled once the writer's COMMIT at synchronous = FULL returned.
 */
import type { Database } from 'better-sqlite3';
import { workerScript } from '../lib/worker-script';
import { WriterThread } from '../store/writer-thread';
import type { IngestResult } from './ingest';
import type { WebhookWrite } from './intake-writes';

export interface IntakeWriter {
  storeWebhook(write: WebhookWrite): Promise<IngestResult>;
  /** Waits for every write asked for, then closes the writer's connection (shutdown). */
  drain(): Promise<void>;
}

/** The build entry's name (electron.vite.config.ts, vite.tools.config.mts). */
export const INTAKE_WRITER_ENTRY = 'intake-writer';

export function intakeWriter(db: Database): IntakeWriter {
  const thread = new WriterThread({
    db,
    script: () => workerScript(import.meta.url, INTAKE_WRITER_ENTRY, 'intake-writer-worker.ts'),
  });
  return {
    storeWebhook: (write) => thread.run('storeWebhook', [write]) as Promise<IngestResult>,
    drain: () => thread.drain(),
  };
}
