/**
 * A real small file system for full-disk tests: a tmpfs mounted on a fresh folder (root only), filled with
 * a filler file until the kernel answers ENOSPC, and emptied again by removing it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SmallDisk = { readonly dir: string } | { readonly skipReason: string };

/** Mounts a tmpfs of `size` (as mount's `size=` option) on a new folder, or says why it cannot. */
export function mountSmallDisk(size: string): SmallDisk {
  if (process.platform !== 'linux') return { skipReason: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { skipReason: 'mounting a tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { skipReason: `mount -t tmpfs failed (${reason ?? 'no reason given'})` };
  }
}

export function unmountSmallDisk(disk: SmallDisk): void {
  if (!('dir' in disk)) return;
  try {
    execFileSync('umount', [disk.dir], { stdio: 'pipe' });
  } catch {
    // Something still holds a file there: detach it now, the kernel frees it when the last file closes.
    execFileSync('umount', ['-l', disk.dir], { stdio: 'pipe' });
  }
  rmSync(disk.dir, { recursive: true, force: true });
}

/** Writes `file` until the disk is full (ENOSPC), in shrinking chunks so the last bytes are taken too. */
export function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  let total = 0;
  try {
    for (const size of [1 << 20, 64 << 10, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x2e);
      for (;;) {
        try {
          total += writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}
