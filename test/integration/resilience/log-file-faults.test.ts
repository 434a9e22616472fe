/**
 * Item 4 of issue 19: a log write that fails never ends the process. The failures are real: the log file is
 * a link to /dev/full (every write answers ENOSPC), or rotation meets a directory where it renames.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../src/main/logger';
import { createRotatingFile, rotatedName } from '../../../src/main/rotating-file';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const noFullDevice = !existsSync('/dev/full');
if (noFullDevice) process.stdout.write('log-file-faults: /dev/full is missing here; the ENOSPC cases skip\n');

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('a log file that cannot be written', () => {
  it.skipIf(noFullDevice)(
    'drops and counts lines on ENOSPC without throwing, reports once, and resumes by itself',
    () => {
      const dir = tempDir();
      const file = join(dir, 'clearpost.log');
      symlinkSync('/dev/full', file);
      const firstFailures: string[] = [];
      const changes: (number | null)[] = [];
      const { logger, file: sink } = createFileLogger(
        file,
        'info',
        { maxBytes: 1_000_000, keep: 2 },
        {
          onFirstFailure: (path, code) => firstFailures.push(`${path} ${code}`),
          onChange: (health) => changes.push(health.failingSince),
        },
      );
      for (let i = 0; i < 5; i += 1) {
        expect(() => logger.error({ err: new Error('boom'), i }, 'request failed')).not.toThrow();
      }
      expect(sink.health()).toMatchObject({ droppedLines: 5, lastError: 'ENOSPC', rotationFailures: 0 });
      expect(sink.health().failingSince).not.toBeNull();
      expect(firstFailures).toEqual([`${file} ENOSPC`]);

      // Space comes back (here: the file becomes an ordinary one); the next line is written, and the gap noted.
      rmSync(file);
      logger.info({ n: 6 }, 'after the disk was freed');
      expect(sink.health()).toMatchObject({ droppedLines: 5, failingSince: null });
      const written = lines(file);
      expect(written.map((l) => l.msg)).toEqual([
        'after the disk was freed',
        'log writing resumed; lines were dropped while the log file could not be written',
      ]);
      expect(written[1]).toMatchObject({ droppedLines: 5 });
      // One change when writing started failing, one when it resumed: not one per dropped line.
      expect(changes).toHaveLength(2);
      expect(changes[1]).toBeNull();
      expect(firstFailures).toHaveLength(1);
    },
  );

  it('opens a log folder that cannot be created later, once it can be', () => {
    const dir = tempDir();
    // A file where the logs folder should be: mkdir fails (ENOTDIR / EEXIST) until it is moved away.
    writeFileSync(join(dir, 'logs'), 'in the way');
    const file = join(dir, 'logs', 'clearpost.log');
    const sink = createRotatingFile(file, { maxBytes: 1_000_000, keep: 2 });
    expect(sink.write('{"msg":"lost"}\n')).toBe(true);
    expect(sink.health().droppedLines).toBe(1);
    expect(sink.health().lastError).toMatch(/^E[A-Z]+$/);
    rmSync(join(dir, 'logs'));
    sink.write('{"msg":"kept"}\n');
    expect(lines(file).map((l) => l.msg)).toContain('kept');
    expect(sink.health().failingSince).toBeNull();
    sink.end();
  });

  it('keeps writing to the current file when rotation fails, and counts the failure', () => {
    const dir = tempDir();
    const file = join(dir, 'clearpost.log');
    // Rotation first clears the oldest kept file (clearpost.1.log with keep 1): a directory there refuses it.
    mkdirSync(rotatedName(file, 1));
    writeFileSync(join(rotatedName(file, 1), 'keep-me'), 'x');
    const sink = createRotatingFile(file, { maxBytes: 200, keep: 1 });
    const line = `${JSON.stringify({ msg: 'x'.repeat(60) })}\n`;
    for (let i = 0; i < 10; i += 1) expect(() => sink.write(line)).not.toThrow();
    const health = sink.health();
    expect(health.rotationFailures).toBeGreaterThanOrEqual(1);
    expect(health.droppedLines).toBe(0);
    // Every line is in the current file: nothing was lost because rotation could not happen.
    expect(lines(file)).toHaveLength(10);
    // Rotation is retried further on, not at every line.
    expect(health.rotationFailures).toBeLessThan(10);
    // Once the way is clear, rotation works again.
    rmSync(rotatedName(file, 1), { recursive: true });
    for (let i = 0; i < 10; i += 1) sink.write(line);
    expect(existsSync(rotatedName(file, 1))).toBe(true);
    sink.end();
  });
});
