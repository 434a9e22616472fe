/**
 * The engine's writes, typed: each op of engine-writes.ts called by name with its arguments, run on the
 * writer thread, its promise settled once the writer's COMMIT at synchronous = FULL returned.
 */
import type { Database } from 'better-sqlite3';
import { WriterThread, type WriterStopped } from '../store/writer-thread';
import { workerScript } from '../lib/worker-script';
import type { EngineWrites } from './engine-writes';

export interface EngineWriter {
  run<K extends keyof EngineWrites>(
    op: K,
    ...args: Parameters<EngineWrites[K]>
  ): Promise<ReturnType<EngineWrites[K]>>;
  /** Waits for every write asked for, then closes the writer's connection (shutdown). */
  drain(): Promise<void>;
  /** Ends the writer thread at once, as a crash would (tests). */
  abort(): Promise<void>;
}

/** The build entry's name (electron.vite.config.ts, vite.tools.config.mts). */
export const ENGINE_WRITER_ENTRY = 'engine-writer';

/** How long a settlement may wait for others to share its message and commit. */
const SETTLEMENT_PATIENCE_MS = 10;

export function engineWriter(db: Database, onStopped?: (error: WriterStopped) => void): EngineWriter {
  const thread = new WriterThread({
    db,
    script: () => workerScript(import.meta.url, ENGINE_WRITER_ENTRY, 'engine-writer-worker.ts'),
    // A settlement is awaited by nobody who goes on to send (the endpoint's slot is given back when the
    // answer arrives): settlements of a few milliseconds travel and commit together.
    patient: { ops: new Set(['settle']), ms: SETTLEMENT_PATIENCE_MS },
    ...(onStopped ? { onStopped } : {}),
  });
  return {
    run: (op, ...args) => thread.run(op, args) as Promise<ReturnType<EngineWrites[typeof op]>>,
    drain: () => thread.drain(),
    abort: () => thread.abort(),
  };
}
