/**
 * A log file that rotates by size: when the next line would take `clearpost.log` past `maxBytes`, it
 * becomes `clearpost.1.log` (older ones shift up, the oldest past `keep` is dropped) and a new file starts.
 * Lines are written synchronously, so nothing is lost when the process exits.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { ensurePrivateDir, makeFdOwnerOnly } from './owner-only';

export interface RotatingFileOptions {
  readonly maxBytes: number;
  /** Rotated files kept beside the current one. */
  readonly keep: number;
}

export const DEFAULT_ROTATION: RotatingFileOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

export function rotatedName(file: string, n: number): string {
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.${String(n)}${ext}`;
}

function openOwnerOnly(file: string): number {
  const fd = openSync(file, 'a', 0o600);
  makeFdOwnerOnly(fd);
  return fd;
}

export function createRotatingFile(file: string, options: RotatingFileOptions = DEFAULT_ROTATION) {
  // Log lines carry account names and error details: owner-only, like the rest of the data folder.
  ensurePrivateDir(dirname(file), { tighten: true });
  let fd = openOwnerOnly(file);
  let size = fstatSync(fd).size;

  const rotate = () => {
    closeSync(fd);
    rmSync(rotatedName(file, options.keep), { force: true });
    for (let n = options.keep - 1; n >= 1; n -= 1) {
      if (existsSync(rotatedName(file, n))) renameSync(rotatedName(file, n), rotatedName(file, n + 1));
    }
    renameSync(file, rotatedName(file, 1));
    fd = openOwnerOnly(file);
    size = 0;
  };

  return {
    write(line: string): boolean {
      const bytes = Buffer.from(line, 'utf8');
      if (size > 0 && size + bytes.length > options.maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
      return true;
    },
    flushSync(): void {
      // Every write is already synchronous.
    },
    end(): void {
      closeSync(fd);
    },
  };
}
