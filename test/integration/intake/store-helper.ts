import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/main/clock';
import { DEFAULT_INTAKE_CONFIG } from '../../../src/main/intake/cybersource/webhook-config';
import type { ImportDeps } from '../../../src/main/intake/reports/import-file';
import { openStore, type OpenStore } from '../../../src/main/store/open';
import { createRepositories, type Repositories } from '../../../src/main/store/repositories';

export interface TestStore {
  readonly dir: string;
  readonly path: string;
  readonly store: OpenStore;
  readonly repos: Repositories;
  readonly clock: Clock & { set(ms: number): void };
  /** Every byte of the database and its WAL, for leak scans. */
  bytes(): Buffer;
  close(): void;
}

export const T0 = Date.UTC(2025, 2, 3, 15, 0, 0);

export function openTestStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-intake-'));
  const path = join(dir, 'db.sqlite');
  const store = openStore(path);
  let now = T0;
  const clock = { now: () => now, set: (ms: number) => (now = ms) };
  return {
    dir,
    path,
    store,
    repos: createRepositories(store.db),
    clock,
    bytes() {
      store.db.pragma('wal_checkpoint(FULL)');
      const parts = [path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p));
      return Buffer.concat(parts);
    },
    close() {
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a report import needs from a test store, with MAIN / Epic as the defaults for rows that name neither. */
export function importDepsOf(t: TestStore): ImportDeps {
  return {
    db: t.store.db,
    repos: t.repos,
    clock: t.clock,
    config: { ...DEFAULT_INTAKE_CONFIG, defaultFacility: 'MAIN', defaultEhr: 'epic' },
  };
}
