/**
 * One engine per data folder. The lock is SQLite's own file lock on `engine.lock` beside the database: the
 * holder keeps a write transaction open (BEGIN IMMEDIATE) for as long as it runs, and the operating system
 * releases it when the process ends, however it ends (a kill, a crash, a power cut), so a lock is never
 * stale. A second desktop or serve instance on the same folder is refused at once, naming the running one
 * from `engine.lock.json`. Command-line writers (import, export) do not take it: they share the database
 * itself, which SQLite serialises.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ensurePrivateDir, makeOwnerOnly } from '../owner-only';
import { StoreError } from './store-error';
import { whyNotWritable } from './writable-folder';

export interface EngineLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly mode: string;
  readonly startedAt: string;
}

export interface EngineLock {
  readonly holder: EngineLockHolder;
  release(): void;
}

export function engineLockPaths(dataDir: string) {
  return { lock: join(dataDir, 'engine.lock'), holder: join(dataDir, 'engine.lock.json') };
}

/** Takes the data folder's engine lock, or throws a StoreError naming the instance that holds it. */
export function lockEngine(dataDir: string, mode: string, now: number): EngineLock {
  const paths = engineLockPaths(dataDir);
  const db = openLockFile(dataDir, paths.lock);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    throw new StoreError('folder_locked', alreadyRunning(dataDir, readHolder(paths.holder)));
  }
  const holder: EngineLockHolder = {
    pid: process.pid,
    host: hostname(),
    mode,
    startedAt: new Date(now).toISOString(),
  };
  // Informational only (the lock is what counts), so a plain write: a reader that finds it half written
  // says "another Clearpost process".
  writeFileSync(paths.holder, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  let held = true;
  return {
    holder,
    release() {
      if (!held) return;
      held = false;
      rmSync(paths.holder, { force: true });
      db.close(); // rolls the open transaction back, which lets the lock go
    },
  };
}

function openLockFile(dataDir: string, path: string): Database {
  try {
    ensurePrivateDir(dataDir, { tighten: true });
    const db = new BetterSqlite3(path, { timeout: 0 });
    makeOwnerOnly(path);
    return db;
  } catch (error) {
    const why = whyNotWritable(dataDir);
    if (why === null) throw error;
    throw new StoreError(
      'data_folder_read_only',
      `Clearpost cannot write to ${dataDir}: ${why}. Run Clearpost as the user who owns that folder, or give ` +
        'this user write access to it; nothing in it was changed.',
    );
  }
}

function readHolder(path: string): EngineLockHolder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EngineLockHolder;
  } catch {
    return null; // it is being written, or a crash took it: the lock itself is what counts
  }
}

function alreadyRunning(dataDir: string, holder: EngineLockHolder | null): string {
  const who = holder
    ? `${holder.mode === 'serve' ? 'serve mode' : holder.mode === 'desktop' ? 'the desktop app' : holder.mode}, process ${String(holder.pid)} on ${holder.host}, running since ${holder.startedAt}`
    : 'another Clearpost process';
  return (
    `Clearpost is already running on the data folder ${dataDir} (${who}). Only one Clearpost may post from a ` +
    'data folder: use the running one, stop it first, or start this one with another data folder (--data-dir).'
  );
}
