/**
 * A log file that rotates by size: when the next line would take `clearpost.log` past `maxBytes`, it
 * becomes `clearpost.1.log` (older ones shift up, the oldest past `keep` is dropped) and a new file starts.
 * Lines are written synchronously, so nothing is lost when the process exits.
 *
 * Logging never ends the process. A write that fails (a full disk, an I/O error, a descriptor gone bad) is
 * dropped and counted, never thrown: a throw would surface inside whatever was being logged — an HTTP error
 * handler that logs its own failure again, say — and take the service down, and a service that cannot start
 * until a log line fits is worse than a gap in its log. After a failure the file is opened again at the next
 * line, so writing resumes by itself once the disk takes it again; the gap is then noted in the log.
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

/** What the log file has lost so far; read by the app's health status. */
export interface LogFileHealth {
  /** Lines that could not be written (each was dropped). */
  readonly droppedLines: number;
  /** Rotations that failed (the current file was kept and written on). */
  readonly rotationFailures: number;
  /** When the current run of failed writes began; null while lines are being written. */
  readonly failingSince: number | null;
  /** The error code of the last failure (ENOSPC, EIO, EBADF…), or null. */
  readonly lastError: string | null;
}

export interface RotatingFileHooks {
  /** Called once, at the first failure of this process (the host prints it; see logger.ts). */
  readonly onFirstFailure?: (file: string, code: string) => void;
  /** Called when writing starts failing or works again (not at every dropped line). */
  readonly onChange?: (health: LogFileHealth) => void;
  readonly now?: () => number;
}

export interface RotatingFile {
  write(line: string): boolean;
  flushSync(): void;
  end(): void;
  health(): LogFileHealth;
}

export function rotatedName(file: string, n: number): string {
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.${String(n)}${ext}`;
}

function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.message.slice(0, 100) : 'unknown';
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already unusable; the next line opens the file again.
  }
}

export function createRotatingFile(
  file: string,
  options: RotatingFileOptions = DEFAULT_ROTATION,
  hooks: RotatingFileHooks = {},
): RotatingFile {
  const now = hooks.now ?? Date.now;
  let fd: number | null = null;
  let size = 0;
  /** After a failed rotation the file may grow this far before rotation is tried again. */
  let rotateAt = options.maxBytes;
  /** A line was cut short by the failure: the next line starts on a line of its own. */
  let cutShort = false;
  let reported = false;
  let droppedLines = 0;
  let rotationFailures = 0;
  let droppedInRun = 0;
  let failingSince: number | null = null;
  let lastError: string | null = null;

  const health = (): LogFileHealth => ({ droppedLines, rotationFailures, failingSince, lastError });

  const noteFailure = (error: unknown) => {
    lastError = codeOf(error);
    if (!reported) {
      reported = true;
      hooks.onFirstFailure?.(file, lastError);
    }
  };

  const open = (): number => {
    // Log lines carry account names and error details: owner-only, like the rest of the data folder.
    ensurePrivateDir(dirname(file), { tighten: true });
    const opened = openSync(file, 'a', 0o600);
    try {
      makeFdOwnerOnly(opened);
      size = fstatSync(opened).size;
    } catch (error) {
      closeQuietly(opened);
      throw error;
    }
    rotateAt = options.maxBytes;
    return opened;
  };

  const rotate = (current: number): number => {
    try {
      closeSync(current);
      rmSync(rotatedName(file, options.keep), { force: true });
      for (let n = options.keep - 1; n >= 1; n -= 1) {
        if (existsSync(rotatedName(file, n))) renameSync(rotatedName(file, n), rotatedName(file, n + 1));
      }
      renameSync(file, rotatedName(file, 1));
    } catch (error) {
      // Keep writing to the current file rather than lose lines; rotation is tried again further on.
      rotationFailures += 1;
      noteFailure(error);
      hooks.onChange?.(health());
      const reopened = open();
      rotateAt = size + Math.max(1, Math.floor(options.maxBytes / 10));
      return reopened;
    }
    return open();
  };

  const writeAll = (target: number, bytes: Buffer) => {
    let offset = 0;
    while (offset < bytes.length) {
      const written = writeSync(target, bytes, offset, bytes.length - offset);
      offset += written;
      size += written;
      // Bytes of this line are in the file now: a failure from here on leaves it unfinished.
      if (written > 0) cutShort = offset < bytes.length;
    }
    cutShort = false;
  };

  // Opened at once, so a log folder that cannot be written is known (and reported) from the start.
  try {
    fd = open();
  } catch (error) {
    noteFailure(error);
    failingSince = now();
  }

  return {
    write(line: string): boolean {
      try {
        fd ??= open();
        let bytes = Buffer.from(line, 'utf8');
        if (size > 0 && size + bytes.length > rotateAt) fd = rotate(fd);
        if (cutShort) bytes = Buffer.concat([Buffer.from('\n'), bytes]);
        writeAll(fd, bytes);
      } catch (error) {
        droppedLines += 1;
        droppedInRun += 1;
        noteFailure(error);
        if (fd !== null) closeQuietly(fd);
        fd = null;
        if (failingSince === null) {
          failingSince = now();
          hooks.onChange?.(health());
        }
        return true;
      }
      if (failingSince !== null) {
        const since = failingSince;
        const dropped = droppedInRun;
        failingSince = null;
        droppedInRun = 0;
        hooks.onChange?.(health());
        // The gap is said in the log itself, where whoever reads it will look for it.
        try {
          writeAll(
            fd,
            Buffer.from(
              `${JSON.stringify({ level: 40, time: now(), app: 'clearpost', scope: 'log', droppedLines: dropped, failingSince: since, msg: 'log writing resumed; lines were dropped while the log file could not be written' })}\n`,
            ),
          );
        } catch {
          // The next line will find out and count it.
        }
      }
      return true;
    },
    flushSync(): void {
      // Every write is already synchronous.
    },
    end(): void {
      if (fd !== null) closeQuietly(fd);
      fd = null;
    },
    health,
  };
}
