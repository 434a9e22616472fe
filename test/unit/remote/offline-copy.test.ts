/**
 * The offline copy on disk: what a desktop shows of its service's queue while the service is unreachable.
 * A damaged file or another service's copy is never shown; an answer holding a card number is never
 * written; the file stays bounded and owner-only.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/logger';
import { offlineLabel } from '../../../src/main/remote/offline-label';
import { openOfflineCopy, readKey } from '../../../src/main/remote/offline-copy';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const logger = createLogger(null);
const SERVICE = 'https://clearpost.hospital.example:8443';

describe('the offline copy', () => {
  it('starts empty from a damaged file, and from the copy of another service', () => {
    const file = join(tempDir(), 'offline-copy.json');
    writeFileSync(file, '{ not json');
    expect(openOfflineCopy(file, SERVICE, logger).read('queue.list', {})).toBeNull();
    const other = openOfflineCopy(file, 'https://other.example', logger);
    other.record('queue.list', {}, { rows: [1] }, 1_000);
    const mine = openOfflineCopy(file, SERVICE, logger);
    expect(mine.read('queue.list', {})).toBeNull();
    expect(mine.syncedAt()).toBeNull();
  });

  it('never writes an answer holding a card number', () => {
    const file = join(tempDir(), 'offline-copy.json');
    const copy = openOfflineCopy(file, SERVICE, logger);
    copy.record('postings.get', { id: 1 }, { note: 'card 4111 1111 1111 1111 called in' }, 1_000);
    expect(copy.read('postings.get', { id: 1 })).toBeNull();
    expect(openOfflineCopy(file, SERVICE, logger).read('postings.get', { id: 1 })).toBeNull();
  });

  it('answers a read again after a restart, whatever the order of the arguments, from an owner-only file', () => {
    const file = join(tempDir(), 'offline-copy.json');
    const copy = openOfflineCopy(file, SERVICE, logger);
    copy.record('queue.list', { status: 'failure', limit: 50 }, { rows: ['a'] }, 2_000);
    const again = openOfflineCopy(file, SERVICE, logger);
    expect(again.read('queue.list', { limit: 50, status: 'failure' })).toEqual({
      result: { rows: ['a'] },
      at: 2_000,
    });
    expect(again.syncedAt()).toBe(2_000);
    expect(readKey('x', { b: 1, a: { d: 1, c: 2 } })).toBe(readKey('x', { a: { c: 2, d: 1 }, b: 1 }));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the newest answers within its bounds', () => {
    const file = join(tempDir(), 'offline-copy.json');
    const copy = openOfflineCopy(file, SERVICE, logger);
    for (let i = 0; i < 200; i++) copy.record('postings.get', { id: i + 1 }, { i }, 1_000 + i);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] };
    expect(kept.entries.length).toBeLessThanOrEqual(120);
    expect(copy.read('postings.get', { id: 200 })).not.toBeNull();
    expect(copy.read('postings.get', { id: 1 })).toBeNull();
  });

  it('labels the state shown with its time, or says the service was never reached', () => {
    expect(offlineLabel(Date.UTC(2026, 11, 6, 14, 5), 'UTC')).toBe(
      "Offline — showing the service's state at 14:05; actions are disabled",
    );
    expect(offlineLabel(Date.UTC(2026, 11, 6, 14, 5), 'America/Chicago')).toMatch(/ at 08:05;/);
    expect(offlineLabel(null)).toMatch(/^Offline — the service has not been reached .*actions are disabled$/);
  });
});
