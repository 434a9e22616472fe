/**
 * Power-loss test for the writer thread (store/writer-thread.ts, writer-runtime.ts): every write whose caller
 * was told it is done must be in the database a power cut leaves behind at that instant.
 *
 * What rests on SQLite and what is checked here. The writer commits at synchronous = FULL in WAL mode, where
 * SQLite syncs the WAL before COMMIT returns ("PRAGMA synchronous", https://www.sqlite.org/pragma.html#pragma_synchronous;
 * "Write-Ahead Logging", https://www.sqlite.org/wal.html): that the synced bytes reach the platter is the
 * disk's and SQLite's promise, and no test in a process can watch it (a SIGKILL keeps the page cache). What
 * this code adds, and what is checked, is the order: a caller hears only after the COMMIT that holds its
 * write returned in the worker, and a refused write is in no commit. So at each moment a caller is told, the
 * test copies the database file and its -wal as they are (the writer is idle then: each batch is awaited
 * before the next is asked for, so the copy is not torn by a write or checkpoint under way), reopens every
 * copy as the next start would, and requires it to open cleanly (quick_check) holding every write told before
 * it and no refused one. A small automatic checkpoint threshold makes checkpoints (and WAL restarts) happen
 * between the copies. The -shm file is not copied: SQLite rebuilds it from the WAL at the next open.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { openWithWrites, testWriter } from './writer-test-helpers';

const tempDir = useTempDirs();

/** A small deterministic generator (mulberry32), so a failure replays exactly. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  readonly copies: string[];
  /** Each write told done, with the copy taken at that instant. */
  readonly told: { id: number; copy: number }[];
  readonly refused: number[];
}

async function workload(seed: number): Promise<Outcome> {
  const dir = tempDir();
  const { db, path } = openWithWrites(dir);
  // The writer copies the main connection's threshold: checkpoints every few commits, so copies cross them.
  db.pragma('wal_autocheckpoint = 16');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const copies: string[] = [];
  const copyNow = () => {
    const to = join(dir, `copy-${String(copies.length)}`);
    mkdirSync(to);
    for (const suffix of ['', '-wal'])
      if (existsSync(path + suffix)) copyFileSync(path + suffix, join(to, `clearpost.sqlite${suffix}`));
    copies.push(to);
    return copies.length - 1;
  };
  copyNow(); // the disk before any write: the schema, checkpointed

  const writer = testWriter(db);
  const told: { id: number; copy: number }[] = [];
  const refused: number[] = [];
  const next = random(seed);
  let id = 0;
  for (let round = 0; round < 300; round += 1) {
    // A batch of one to six writes asked for in one turn (one transaction in the worker), some refused.
    const batch: Promise<void>[] = [];
    const heard: number[] = [];
    for (let n = 1 + Math.floor(next() * 6); n > 0; n -= 1) {
      id += 1;
      const mine = id;
      // Rows of up to 3 KiB, so the WAL grows by pages and checkpoints come often.
      const write = writer.run('insert', [mine, 64 + Math.floor(next() * 3000), next() < 0.05]);
      batch.push(
        write.then(
          () => void heard.push(mine),
          () => void refused.push(mine),
        ),
      );
    }
    await Promise.all(batch);
    const copy = copyNow();
    for (const w of heard) told.push({ id: w, copy });
  }
  await writer.drain();
  db.close();
  return { copies, told, refused };
}

/** Reopens every copy as the next start would; lists what a power cut at that instant would have lost. */
function lostAtPowerCut(outcome: Outcome): { copy: number; missing: number[]; problem: string | null }[] {
  return outcome.copies.map((dir, index) => {
    const db = new BetterSqlite3(join(dir, 'clearpost.sqlite'));
    try {
      const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join();
      const present = new Set(
        (db.prepare('SELECT id FROM writes').all() as { id: number }[]).map((r) => r.id),
      );
      const missing = outcome.told.filter((t) => t.copy <= index && !present.has(t.id)).map((t) => t.id);
      const ghost = outcome.refused.filter((w) => present.has(w));
      const problem =
        check !== 'ok'
          ? `quick_check: ${check}`
          : ghost.length
            ? `refused writes present: ${ghost.join()}`
            : null;
      return { copy: index, missing, problem };
    } finally {
      db.close();
    }
  });
}

describe('the writer thread at the instant a caller is told', () => {
  it('every write told done is in a copy of the files taken then, which opens cleanly; no refused write is', async () => {
    const outcome = await workload(7);
    const findings = lostAtPowerCut(outcome);
    console.info(
      `writer thread: ${String(outcome.told.length)} writes told, ${String(outcome.refused.length)} refused, ` +
        `${String(findings.length)} power-cut points checked`,
    );
    // The workload must have exercised it: many batches, some writes refused.
    expect(new Set(outcome.told.map((t) => t.copy)).size).toBeGreaterThan(200);
    expect(outcome.refused.length).toBeGreaterThan(0);
    // Checkpoints ran between copies: the database file (written only by them) grew.
    const dbBytes = (copy: string) => statSync(join(copy, 'clearpost.sqlite')).size;
    expect(dbBytes(outcome.copies.at(-1)!)).toBeGreaterThan(dbBytes(outcome.copies[0]!) + 100_000);
    expect(findings.filter((f) => f.problem !== null || f.missing.length > 0)).toEqual([]);
  });
});
