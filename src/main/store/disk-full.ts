/**
 * Recognises "the disk is full" in whatever shape it arrives: SQLite's SQLITE_FULL (better-sqlite3 puts
 * SQLite's code on the error; SQLite answers SQLITE_FULL when a write comes back short with ENOSPC), the
 * file system's ENOSPC or EDQUOT (a quota is a full disk to this user), or either one's text inside an
 * error that wrapped it (a StoreError at start-up carries the reason in its message).
 *
 * SQLite does not always say FULL: growing its shared-memory file (-shm) or opening a WAL on a full disk
 * answers a plain "disk I/O error" (SQLITE_IOERR_*). `diskFullAt` therefore also asks the file system
 * itself when an I/O error comes from a disk with next to nothing free, so that such a start is not
 * reported as a damaged database to be restored from a backup.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const FULL_TEXT =
  /database or disk is full|\bENOSPC\b|no space left on device|\bEDQUOT\b|disk quota exceeded/i;
const IO_TEXT = /disk I\/O error|\bEIO\b/i;
/** Below this much free space a database cannot grow by a page and its WAL: the disk counts as full. */
export const FULL_BELOW_BYTES = 1024 * 1024;

/** The error, then what it wrapped (`cause`), a few levels deep. */
function* chain(error: unknown): Generator {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth += 1) {
    yield e;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
}

function matches(error: unknown, codes: (code: string) => boolean, text: RegExp): boolean {
  for (const e of chain(error)) {
    if (typeof e === 'string') return text.test(e);
    if (typeof e !== 'object' || e === null) return false;
    if ('code' in e && typeof e.code === 'string' && codes(e.code)) return true;
    if ('message' in e && typeof e.message === 'string' && text.test(e.message)) return true;
  }
  return false;
}

export function isDiskFull(error: unknown): boolean {
  return matches(error, (code) => FULL_CODES.has(code), FULL_TEXT);
}

function isIoError(error: unknown): boolean {
  return matches(error, (code) => code.startsWith('SQLITE_IOERR') || code === 'EIO', IO_TEXT);
}

/** Free bytes for this user on the disk holding `path` (a file or folder); null when it cannot be asked. */
export function freeBytes(path: string): number | null {
  for (const candidate of [path, dirname(path)]) {
    try {
      const stats = statfsSync(candidate);
      return stats.bavail * stats.bsize;
    } catch {
      // Not there (yet): ask its folder.
    }
  }
  return null;
}

/** Whether `error`, met writing at `path`, means the disk holding `path` is full. */
export function diskFullAt(error: unknown, path: string): boolean {
  if (isDiskFull(error)) return true;
  if (!isIoError(error)) return false;
  const free = freeBytes(path);
  return free !== null && free < FULL_BELOW_BYTES;
}
