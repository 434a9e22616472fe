/**
 * Power-loss test for group commit (group-commit.ts): every write whose caller was told it is durable must be
 * in the database a power cut leaves behind. SIGKILL cannot test this (the page cache survives a killed
 * process), so the disk's contents are modelled instead.
 *
 * The model. A power cut keeps what reached stable storage and loses the page cache. What reached it is
 * known only at syncs: fdatasync(fd) guarantees that every byte written to the file *before the call* is on
 * disk once it returns (POSIX, fdatasync(2)); bytes written while it runs may or may not be. So at every
 * WAL sync the test copies the database file and its -wal as they are when the sync is asked for (the bytes
 * the sync will guarantee), lets the real fdatasync run, and from the moment it completes until the next one
 * completes treats that copy as the disk a power cut would leave. Copying at completion instead would be
 * optimistic: frames committed while the sync ran would be counted as on disk. The -shm file is not copied:
 * it is a memory-mapped index SQLite rebuilds from the WAL at the next open. The database file itself is
 * written only by checkpoints, and at synchronous = NORMAL each checkpoint syncs the WAL before copying
 * pages and the database after (SQLite, "PRAGMA synchronous"); they run inside COMMIT on this thread
 * (a small wal_autocheckpoint makes many happen here), so between JavaScript turns the database file holds
 * only synced bytes. (The app's background checkpointer, on another connection, is not modelled here.)
 *
 * The check. Each caller told "durable" is noted with the copy in force at that moment; reopening every
 * copy, it must open cleanly (quick_check) and hold every write noted against it, and never a write that was
 * refused. The negative control runs the same check on a GroupCommit patched to tell its callers before the
 * sync (the one-line mistake the protocol must not make) and must find writes missing.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as realModule from '../../../src/main/store/group-commit';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

type GroupCommitModule = typeof realModule;
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
  /** Every copy taken, by index; copy 0 is the disk before the workload. */
  readonly copies: string[];
  /** Durable writes told, with the copy in force when their caller heard. */
  readonly told: { readonly id: number; readonly copy: number }[];
  readonly refused: number[];
  readonly syncs: number;
}

/**
 * Runs a mixed workload through `module`'s GroupCommit on a real database, with the real fdatasync wrapped
 * so that each sync copies the files first (see the module comment).
 */
async function workload(module: GroupCommitModule, seed: number): Promise<Outcome> {
  const dir = tempDir();
  const path = join(dir, 'clearpost.sqlite');
  const { db } = openStore(path);
  db.exec('CREATE TABLE writes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  // Checkpoints (and WAL restarts) every few commits, so the copies cross them.
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
  let inForce = copyNow(); // the disk before any sync: the schema, checkpointed and synced by TRUNCATE
  let syncs = 0;
  const modelled = (walPath: string): realModule.FileSync => {
    const real = module.fileSync(walPath);
    return {
      sync: async () => {
        const copy = copyNow();
        await real.sync();
        syncs += 1;
        inForce = copy;
      },
      close: () => real.close(),
    };
  };

  const commits = new module.GroupCommit(db, modelled);
  const insert = db.prepare('INSERT INTO writes (id, body) VALUES (?, ?)');
  const told: { id: number; copy: number }[] = [];
  const refused: number[] = [];
  const next = random(seed);
  const pending: Promise<unknown>[] = [];
  let id = 0;
  for (let round = 0; round < 400; round += 1) {
    for (let n = 1 + Math.floor(next() * 6); n > 0; n -= 1) {
      id += 1;
      const mine = id;
      const durable = next() < 0.7;
      const fails = next() < 0.05;
      // Rows of up to 3 KiB, so the WAL grows by pages and checkpoints come often.
      const body = Buffer.alloc(64 + Math.floor(next() * 3000), mine % 251);
      const write = commits.run(
        () => {
          insert.run(mine, body);
          if (fails) throw new Error(`write ${String(mine)} refused`);
        },
        { durable },
      );
      pending.push(
        write.then(
          () => {
            if (durable) told.push({ id: mine, copy: inForce });
          },
          () => refused.push(mine),
        ),
      );
    }
    // Mostly a turn of the event loop (commits land while a sync runs), sometimes a wait for the disk.
    if (next() < 0.15) await pending[pending.length - 1];
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await commits.drain();
  await Promise.all(pending);
  db.close();
  return { copies, told, refused, syncs };
}

/** Reopens every copy as the next start would; lists what a power cut at that point would have lost. */
function lostAtPowerCut(outcome: Outcome): { copy: number; missing: number[]; problem: string | null }[] {
  const findings = [];
  for (const [index, dir] of outcome.copies.entries()) {
    const db = new BetterSqlite3(join(dir, 'clearpost.sqlite'));
    try {
      const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join();
      const present = new Set(
        (db.prepare('SELECT id FROM writes').all() as { id: number }[]).map((r) => r.id),
      );
      const expected = outcome.told.filter((t) => t.copy <= index).map((t) => t.id);
      const missing = expected.filter((w) => !present.has(w));
      const ghost = outcome.refused.filter((w) => present.has(w));
      const problem =
        check !== 'ok'
          ? `quick_check: ${check}`
          : ghost.length
            ? `refused writes present: ${ghost.join()}`
            : null;
      findings.push({ copy: index, missing, problem });
    } finally {
      db.close();
    }
  }
  return findings;
}

describe('group commit under a modelled power cut', () => {
  it('negative control: callers told before the sync are caught as lost', async () => {
    // The same module with one change: the callers hear before the sync is asked for.
    const source = readFileSync(
      fileURLToPath(new URL('../../../src/main/store/group-commit.ts', import.meta.url)),
      'utf8',
    );
    const correct = 'await this.wal?.sync();\n        for (const batch of group) batch.deliver();';
    const early = 'for (const batch of group) batch.deliver();\n        await this.wal?.sync();';
    expect(source).toContain(correct);
    const patchedFile = join(tempDir(), 'group-commit-tells-early.ts');
    writeFileSync(patchedFile, source.replace(correct, early));
    const patched = (await import(/* @vite-ignore */ pathToFileURL(patchedFile).href)) as GroupCommitModule;

    const outcome = await workload(patched, 7);
    const lost = lostAtPowerCut(outcome).filter((f) => f.missing.length > 0);
    console.info(
      `patched group commit: ${String(outcome.syncs)} syncs, ${String(outcome.told.length)} durable writes ` +
        `told; a power cut would lose told writes at ${String(lost.length)} of ${String(outcome.copies.length)} points`,
    );
    expect(lost.length).toBeGreaterThan(0);
  });

  it('every write told durable is in the copy of the disk in force when it was told, which opens cleanly', async () => {
    const outcome = await workload(realModule, 7);
    const findings = lostAtPowerCut(outcome);
    console.info(
      `group commit: ${String(outcome.syncs)} syncs, ${String(outcome.told.length)} durable writes told, ` +
        `${String(outcome.refused.length)} refused, ${String(findings.length)} power-cut points checked`,
    );
    // The workload must have exercised the protocol: many syncs, callers told between them.
    expect(outcome.syncs).toBeGreaterThan(20);
    expect(new Set(outcome.told.map((t) => t.copy)).size).toBeGreaterThan(20);
    expect(outcome.refused.length).toBeGreaterThan(0);
    // Checkpoints ran between copies: the database file (written only by them) grew.
    const dbBytes = (copy: string) => statSync(join(copy, 'clearpost.sqlite')).size;
    expect(dbBytes(outcome.copies.at(-1)!)).toBeGreaterThan(dbBytes(outcome.copies[0]!) + 100_000);
    expect(findings.filter((f) => f.problem !== null || f.missing.length > 0)).toEqual([]);
  });
});
