/**
 * Benchmark: the audit trail's append, as the engine makes it twice per payment (created, then settled), with
 * history behind it: 3,000,000 entries laid down first (full; about five days at 300,000 payments a day),
 * 600,000 reduced. Each append is then timed in a transaction of its own, as a settlement commits, with the
 * app's page cache and at synchronous = NORMAL, so the WAL sync (the engine's writer thread pays one per batch
 * of writes, at FULL) does not drown the append's own cost. The figure is the append
 * on the schema as migrated (no index on hash, migration 0014); the baseline, same run, is the same append on
 * the schema before it (UNIQUE hash: a random key, so a random leaf written per append, and once the index
 * outgrew the page cache, read from disk first).
 *
 *   npm run bench -- --only audit-append [--full]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { bundledMigrations } from '../src/main/store/migrate';
import { openStore } from '../src/main/store/open';
import { auditRepository } from '../src/main/store/repositories/audit';
import { report, size } from './lib/report';

const HISTORY = size(600_000, 3_000_000, 'ROWS');
const APPENDS = 20_000;
const T0 = Date.UTC(2026, 0, 1);

/** Microseconds per append (and its commit) after HISTORY entries, on a store migrated up to `upTo`. */
function appendCost(upTo: number): { us: number; fileMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-audit-'));
  try {
    const path = join(dir, 'clearpost.sqlite');
    const { db } = openStore(path, { migrations: bundledMigrations().filter((m) => m.version <= upTo) });
    const audit = auditRepository(db);
    const entry = (i: number) => ({
      actor: 'engine',
      action: i % 2 ? 'posting.created' : 'posting.success',
      subjectType: 'posting',
      subjectId: String(i >> 1),
      details: { from: 'in_flight', reasonCode: null, ehrReference: `FT-PL-${String(i)}` },
    });
    const history = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) audit.append(entry(i), T0 + i);
    });
    for (let i = 0; i < HISTORY; i += 100_000) history(i, Math.min(HISTORY, i + 100_000));
    db.pragma('wal_checkpoint(TRUNCATE)');
    // The append's own cost: the engine's writer thread shares one WAL sync (FULL) among a batch of writes.
    db.pragma('synchronous = NORMAL');
    const one = db.transaction((i: number) => audit.append(entry(i), T0 + i));
    const start = performance.now();
    for (let i = HISTORY; i < HISTORY + APPENDS; i++) one(i);
    const us = ((performance.now() - start) * 1_000) / APPENDS;
    const { n } = db
      .prepare('SELECT page_count * page_size AS n FROM pragma_page_count, pragma_page_size')
      .get() as {
      n: number;
    };
    db.close();
    return { us, fileMiB: Math.round(n / 2 ** 20) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it(`audit append after ${String(HISTORY)} entries`, () => {
  const before = appendCost(13);
  const now = appendCost(bundledMigrations().at(-1)!.version);
  report({
    name: 'audit-append',
    value: now.us,
    unit: 'µs per append and commit',
    baseline: before.us,
    goal: 'ratio <= 1 (no slower than before migration 0014)',
    met: now.us <= before.us,
    history: HISTORY,
    appends: APPENDS,
    fileMiB: { now: now.fileMiB, before: before.fileMiB },
  });
});
