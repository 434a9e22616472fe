/**
 * Group commit: writes asked for in the same turn of the event loop share one transaction, so one WAL sync
 * makes many of them durable. Each write still runs in its own savepoint: one that throws is rolled back and
 * rejected alone while the others commit. A caller's promise settles only once the transaction holding its
 * write is on disk, so "recorded before sending" still holds.
 *
 * The sync itself is taken off the engine's thread. With synchronous = FULL, SQLite fsyncs the WAL inside
 * COMMIT, and the thread that commits waits for the disk (about a millisecond per commit here, the largest
 * cost per payment in bench/posting). These commits run at synchronous = NORMAL instead, which writes the WAL
 * frames without the fsync, and then one fdatasync of the WAL file on libuv's thread pool makes every commit
 * written before it durable; the callers' promises settle after it. Commits that land while a sync is under
 * way wait for the next one, so a burst shares one sync. Every other transaction on the connection keeps the
 * connection's own setting (FULL): the setting is restored as soon as the shared COMMIT returns.
 *
 * Why a caller told "durable" here is as safe from a power cut as one committed at FULL (SQLite, "Write-Ahead
 * Logging", https://www.sqlite.org/wal.html, and "PRAGMA synchronous",
 * https://www.sqlite.org/pragma.html#pragma_synchronous): in WAL mode the one thing FULL adds to a commit is a
 * sync of the WAL after the transaction's frames, its commit frame last, are appended ("Writers sync the WAL
 * on every transaction commit if PRAGMA synchronous is set to FULL but omit this sync if ... NORMAL"). Here
 * COMMIT appends the same frames with write(), and the callers hear only after an fdatasync of the WAL that
 * was asked for after that COMMIT returned; fdatasync acts on the file, whichever descriptor wrote it, and
 * makes every byte written before the call durable with the file's size, as SQLite's unix VFS syncs its WAL.
 * Recovery reads the WAL as a prefix (cumulative checksums, the header's salts), so frames a power cut tears
 * after the synced ones are dropped without touching those before: a commit told durable stays, with every
 * commit before it (`durable: false` ones included). The WAL is written over from its start only after a
 * checkpoint has copied its frames into the database, and at NORMAL SQLite syncs the WAL before each
 * checkpoint, the database file after each completed one, and the WAL header when the WAL begins to be reused
 * ("PRAGMA synchronous"), so no synced frame is overwritten before its pages are durable in the database
 * file. One more thing FULL does: SQLite's first sync of a newly created WAL also syncs its directory
 * (os_unix.c, UNIXFILE_DIRSYNC), so the file's name survives a power cut; `fileSync` does the same at its
 * first sync. The ordering is checked by test/integration/store/power-loss.test.ts against copies of the
 * files taken as each sync is asked for.
 */
import { close, closeSync, fdatasync, fsync, open, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Statement, Transaction } from 'better-sqlite3';

interface Pending {
  readonly work: () => unknown;
  readonly durable: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** A committed batch waiting for the sync that makes it durable. */
interface Unsynced {
  readonly deliver: () => void;
  readonly fail: (error: unknown) => void;
}

/** Makes a file's written data durable from libuv's thread pool. */
export interface FileSync {
  sync(): Promise<void>;
  /** Lets go of the file (it is opened again at the next sync). */
  close(): void;
}

/**
 * fdatasync through a descriptor of its own, kept open between syncs: it acts on the file, whoever wrote it.
 * fdatasync, as SQLite's own unix VFS syncs its WAL: the frames and the file's size reach the disk, but a
 * changed modification time alone does not force a journal commit on ext4, which every other fsync on the
 * file system (the EHR simulator's ledger in bench/posting, say) would queue behind.
 * Callback fs rather than a FileHandle per sync: the thread that asks for it pays only for the request.
 */
export function fileSync(path: string): FileSync {
  let fd: number | null = null;
  // Whether the folder's entry for the file is known to be on disk (see the module comment).
  let named = process.platform === 'win32'; // NTFS journals names; a folder cannot be opened to sync there
  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        fd ??= openSync(path, 'r'); // a throw here rejects the promise
        fdatasync(fd, (error) => {
          if (error) return reject(error);
          if (named) return resolve();
          syncFolder(dirname(path), (folderError) => {
            if (folderError) return reject(folderError);
            named = true;
            resolve();
          });
        });
      }),
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
      named = process.platform === 'win32'; // the file may be created anew before the next sync
    },
  };
}

/** fsync of a folder, so the names in it (a WAL created since it was last synced) survive a power cut. */
function syncFolder(folder: string, done: (error: Error | null) => void): void {
  open(folder, 'r', (openError, dirFd) => {
    if (openError) return done(openError);
    fsync(dirFd, (syncError) => close(dirFd, (closeError) => done(syncError ?? closeError ?? null)));
  });
}

/** SQLite's synchronous levels: FULL and EXTRA sync the WAL at every commit. */
const SYNC_FULL = 2;

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** The batch's writes one after another in one transaction; the first to throw undoes them all. Built once. */
  private readonly runTogether: Transaction<(batch: readonly Pending[]) => Outcome[]>;
  /** The same with a savepoint per write, so a write that throws is undone and refused alone. */
  private readonly runApart: Transaction<(batch: readonly Pending[]) => Outcome[]>;
  /** The WAL to sync after a commit, or null when commits sync themselves (not WAL, or not FULL). */
  private readonly wal: FileSync | null;
  /** Prepared once: db.pragma() would prepare its statement again on every call. */
  private readonly syncOff: Statement;
  private readonly syncRestore: Statement;
  private unsynced: Unsynced[] = [];
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    walSync: (walPath: string) => FileSync = fileSync,
  ) {
    // Called inside a transaction, better-sqlite3 runs a transaction function as a savepoint.
    const inSavepoint = db.transaction((work: () => unknown) => work());
    this.runTogether = db.transaction((batch: readonly Pending[]) =>
      batch.map((entry): Outcome => ({ ok: true, value: entry.work() })),
    );
    this.runApart = db.transaction((batch: readonly Pending[]) =>
      batch.map((entry): Outcome => {
        try {
          return { ok: true, value: inSavepoint(entry.work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    const synchronous = Number(db.pragma('synchronous', { simple: true }));
    const isWal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal';
    this.wal = isWal && synchronous >= SYNC_FULL ? walSync(`${db.name}-wal`) : null;
    this.syncOff = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncRestore = db.prepare(`PRAGMA synchronous = ${String(synchronous)}`);
  }

  /**
   * Runs `work` in the next shared transaction; resolves with its result once that is durable. With
   * `durable: false` it resolves as soon as it is committed, and the next sync makes it durable: for writes
   * nothing outside waits on (a settlement: lost to a power cut, the attempt it closes is found open at the
   * next start and checked with the EHR before anything is sent again). Batches of such writes alone then
   * cost no sync at all.
   */
  run<T>(work: () => T, options: { readonly durable?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const durable = options.durable ?? true;
      this.queue.push({ work, durable, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Runs the batch in one transaction. First as it is: a savepoint per write costs more than the write (the
   * sub-journal copies every page the transaction had already changed). Only when a write throws is the
   * whole transaction rolled back and the batch run again with a savepoint per write, so that one alone is
   * refused. A write may therefore run twice: it must do nothing outside the database but read.
   */
  private commitAll(batch: readonly Pending[]): Outcome[] {
    try {
      // IMMEDIATE: the write lock is taken before the first statement, which may be a read (a claim reads the
      // due rows, then takes them), so another process writing meanwhile cannot void this snapshot.
      return this.runTogether.immediate(batch);
    } catch {
      return this.runApart.immediate(batch);
    }
  }

  /** Commits everything queued so far; its callers hear once it is durable. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    const deferSync = this.wal !== null;
    if (deferSync) this.syncOff.run();
    try {
      outcomes = this.commitAll(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): none of the batch is written.
      for (const entry of batch) entry.reject(error);
      return;
    } finally {
      if (deferSync) this.syncRestore.run();
    }
    const results = batch.map((entry, i) => ({ entry, outcome: outcomes[i] }));
    const deliver = (of: typeof results) => {
      for (const { entry, outcome } of of) {
        if (outcome?.ok) entry.resolve(outcome.value);
        else entry.reject(outcome?.error);
      }
    };
    const waiting = deferSync ? results.filter((r) => r.entry.durable) : [];
    deliver(deferSync ? results.filter((r) => !r.entry.durable) : results);
    if (waiting.length === 0) return;
    // A failed sync leaves the batch committed but not known to be on disk: its callers are refused, so
    // nothing is sent on its strength (a claim then waits out its lease and is checked before any resend).
    this.unsynced.push({
      deliver: () => deliver(waiting),
      fail: (error) => waiting.forEach((r) => r.entry.reject(error)),
    });
    this.syncing ??= this.syncAll();
  }

  /** Commits what is queued and waits until every commit so far is durable (shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await this.syncing;
    this.wal?.close();
  }

  private async syncAll(): Promise<void> {
    while (this.unsynced.length > 0) {
      const group = this.unsynced;
      this.unsynced = [];
      try {
        await this.wal?.sync();
        for (const batch of group) batch.deliver();
      } catch (error) {
        for (const batch of group) batch.fail(error);
      }
    }
    this.syncing = null;
  }
}
