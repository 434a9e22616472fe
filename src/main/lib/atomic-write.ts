/**
 * Report files appear under their final name complete or not at all: the content goes to a temporary file
 * in the same folder, is flushed to disk, and only then renamed over the final name (rename is atomic within
 * a file system). A crash at any point leaves either the previous file or nothing, plus at worst a
 * `.partial` file that the next write in that folder sweeps away.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PARTIAL = /\.partial-[0-9a-f]{12}$/;

/** Test hooks: each step can be made to fail, standing in for a crash at that point. */
export interface AtomicWriteHooks {
  readonly afterChunk?: (index: number) => void;
  readonly beforeRename?: () => void;
  /** File permissions (default 0600: reports, settings and the vault are owner-only, like the data folder). */
  readonly mode?: number;
  /**
   * Told the temporary file's path as soon as it exists (streamed writes): the export worker passes it to
   * the main thread, which removes it if the worker dies before it could clean up itself.
   */
  readonly onTemp?: (path: string) => void;
}

export function writeFileAtomic(
  finalPath: string,
  chunks: Iterable<Uint8Array>,
  hooks: AtomicWriteHooks = {},
): { bytes: number } {
  const dir = dirname(finalPath);
  const temp = join(dir, `.${basename(finalPath)}.partial-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', hooks.mode ?? 0o600);
  // open's mode is masked by the umask; set it exactly.
  if (process.platform !== 'win32') fchmodSync(fd, hooks.mode ?? 0o600);
  let bytes = 0;
  let renamed = false;
  try {
    let index = 0;
    for (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
      bytes += chunk.length;
      hooks.afterChunk?.(index++);
    }
    fsyncSync(fd);
    closeSync(fd);
    hooks.beforeRename?.();
    renameSync(temp, finalPath);
    renamed = true;
    syncDirectory(dir);
    return { bytes };
  } finally {
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(temp, { force: true });
    }
  }
}

/** Makes the rename itself durable (POSIX); Windows cannot open a folder and needs no such step. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes `.partial` files a killed process left behind (older than a minute, so a writer at work is safe). */
export function sweepPartials(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!PARTIAL.test(name)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs < 60_000) continue;
    rmSync(path, { force: true });
    removed.push(name);
  }
  return removed;
}
