/**
 * Owner-only files and folders. A data folder holds patient data, notes, password hashes and the vault: no
 * other local user may read it. Modes given to mkdir/open are masked by the process umask (0644 files in
 * 0755 folders under the usual 022), so every helper here also sets the mode explicitly afterwards.
 *
 * Windows has no POSIX modes (chmod there only toggles read-only); its folders under the user profile are
 * private already, so these are no-ops there.
 */
import { chmodSync, existsSync, fchmodSync, mkdirSync, statSync } from 'node:fs';

export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_DIR = 0o700;

const posix = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) as 0700. An existing folder is left as it is unless `tighten` is set:
 * then group and other access are removed (never widened), for the data folder's own folders, which older
 * versions created 0755.
 */
export function ensurePrivateDir(dir: string, options: { readonly tighten?: boolean } = {}): void {
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  if (!posix) return;
  if (!existed) {
    chmodSync(dir, OWNER_ONLY_DIR);
  } else if (options.tighten) {
    tightenIfOwned(dir);
  }
}

/** Removes group and other access from an existing file we own; a missing file is fine (SQLite's -wal/-shm). */
export function makeOwnerOnly(path: string): void {
  if (!posix) return;
  tightenIfOwned(path);
}

/** The same for a file just opened: `open(path, flags, 0o600)` alone still depends on the umask. */
export function makeFdOwnerOnly(fd: number): void {
  if (posix) fchmodSync(fd, OWNER_ONLY_FILE);
}

/**
 * Only the owner may change a mode: a folder an administrator made for the service user (writable by it, not
 * owned) is used as it is rather than refused, and a file that vanished meanwhile is fine.
 */
function tightenIfOwned(path: string): void {
  try {
    tighten(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

function tighten(path: string): void {
  const mode = statSync(path).mode & 0o7777;
  if ((mode & 0o077) !== 0) chmodSync(path, mode & ~0o077);
}
