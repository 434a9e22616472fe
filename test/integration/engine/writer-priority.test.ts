/**
 * The engine's writer thread yields the CPU to the threads someone waits on (lib/thread-priority.ts): real
 * engine, real SQLite file, the real Epic simulator over loopback, the real worker thread, its nice value read
 * from /proc. Only that thread is lowered, never the process the console and the engine's own thread run in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKGROUND_NICE_STEPS, lowerThreadPriority } from '../../../src/main/lib/thread-priority';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A thread's nice value: field 19 of its stat line, counted after the parenthesised command name. */
const niceOf = (statPath: string): number =>
  Number(readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ')[16]);
const threadNices = (): number[] =>
  readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [niceOf(`/proc/self/task/${tid}/stat`)];
    } catch {
      return []; // the thread ended while being read
    }
  });

const skipReason =
  process.platform !== 'linux'
    ? `a thread's own nice value exists on Linux only (here: ${process.platform})`
    : niceOf('/proc/thread-self/stat') >= 19
      ? 'the tests already run at the lowest priority, so nothing can be lower'
      : null;
if (skipReason) process.stdout.write(`writer priority test skipped: ${skipReason}\n`);

describe('the engine writer thread priority', () => {
  it('is left alone where a priority belongs to the whole process (Windows, macOS)', () => {
    expect(lowerThreadPriority('win32')).toBe(false);
    expect(lowerThreadPriority('darwin')).toBe(false);
  });

  it.skipIf(skipReason !== null)(
    'runs below the engine thread, which keeps its own priority, and posts as before',
    async () => {
      const before = niceOf('/proc/thread-self/stat');
      expect(threadNices().filter((n) => n !== before)).toEqual([]);
      h = await harness({ ehr: 'epic', dataDir: tempDir() });
      const id = h.pay();
      await h.runUntil(h.clock.now() + HOUR);
      expect(h.app.repos.postings.get(id)?.status).toBe('success');
      // The writer thread committed the claim and the settlement: it exists, lowered; this thread is not.
      expect(threadNices().filter((n) => n !== before)).toEqual([
        Math.min(19, before + BACKGROUND_NICE_STEPS),
      ]);
      expect(niceOf('/proc/thread-self/stat')).toBe(before);
    },
  );
});
