/** A real writer thread running writer-test-worker.ts on a real database file (tests of store/writer-*.ts). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { openStore } from '../../../src/main/store/open';
import { bundledFromSource } from '../../../src/main/lib/worker-script';
import {
  WriterThread,
  type WriterStopped,
  type WriterThreadOptions,
} from '../../../src/main/store/writer-thread';

export function testWriter(
  db: Database,
  onStopped?: (error: WriterStopped) => void,
  patient?: WriterThreadOptions['patient'],
): WriterThread {
  const entry = fileURLToPath(new URL('./writer-test-worker.ts', import.meta.url));
  return new WriterThread({
    db,
    script: () => bundledFromSource(entry, 'writer-test-worker'),
    ...(onStopped ? { onStopped } : {}),
    ...(patient ? { patient } : {}),
  });
}

/** A migrated database with the test writes' table. */
export function openWithWrites(dir: string): { db: Database; path: string } {
  const path = join(dir, 'clearpost.sqlite');
  const { db } = openStore(path);
  db.exec('CREATE TABLE writes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  return { db, path };
}

export const rowIds = (db: Database): number[] =>
  (db.prepare('SELECT id FROM writes ORDER BY id').all() as { id: number }[]).map((r) => r.id);
