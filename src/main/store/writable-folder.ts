/**
 * Whether this process can create files in a folder, found by creating one. SQLite needs that even to read
 * a database in WAL mode (it makes the -shm file beside it), so a read-only data folder fails to open with
 * "attempt to write a readonly database" — which must not be mistaken for damage. `access(W_OK)` would not
 * do: it answers for the real user id, not the effective one the files are created as.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/** Null when a file can be created in `dir`; otherwise why not, in plain words with the system's code. */
export function whyNotWritable(dir: string): string | null {
  const probe = join(dir, `.clearpost-write-check-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return null; // the folder is missing: another message says so
    return `${REASONS[code] ?? 'it cannot be written'} (${code})`;
  }
}
