/**
 * What `/metrics` reads from the database: each read stays on an index (its cost follows the open work or the
 * traffic since the last scrape, not the history), and the attempt counter counts each finished attempt once,
 * never one still on the wire.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { READINGS_SQL, storeReadings } from '../../../src/main/monitoring/store-readings';
import { openStore, type OpenStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let store: OpenStore | null = null;
afterEach(() => {
  store?.db.close();
  store = null;
});

function open() {
  store = openStore(join(tempDir(), 'clearpost.sqlite'));
  return { db: store.db, repos: createRepositories(store.db) };
}

describe('store readings', () => {
  it('never scans a whole table', () => {
    const { db } = open();
    for (const [name, sql] of Object.entries(READINGS_SQL)) {
      const params = (sql.match(/\?/g) ?? []).map(() => 1);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      console.log(name, plan);
      // "SCAN t" alone walks every row; "SCAN t USING ... INDEX" walks an index (covering or partial).
      expect(plan, `${name}: ${plan}`).not.toMatch(
        /SCAN (postings|attempts|payment_events|a|p)( |$)(?!USING)/,
      );
    }
  });

  it('counts an attempt once it is finished, holds at one still open, and never counts one twice', () => {
    const { db, repos } = open();
    const addAttempt = (postingId: number, number: number, outcome: string | null) =>
      Number(
        db
          .prepare(
            `INSERT INTO attempts (posting_id, number, started_at, finished_at, request, outcome)
             VALUES (?, ?, 1, ?, '{}', ?)`,
          )
          .run(postingId, number, outcome === null ? null : 2, outcome).lastInsertRowid,
      );
    const before = seedPosting(repos, 'success');
    addAttempt(before.postingId, 1, 'posted');
    // Made before the readings: history, not traffic since the service started.
    const readings = storeReadings(db);
    expect(readings.newAttempts()).toEqual([]);
    expect(readings.newEvents()).toEqual([]);

    const a = seedPosting(repos, 'in_flight');
    const b = seedPosting(repos, 'success');
    const inFlight = addAttempt(a.postingId, 1, null);
    addAttempt(b.postingId, 1, 'posted');
    // The open attempt holds the watermark: the finished one after it waits (it is not lost).
    expect(readings.newAttempts()).toEqual([]);
    db.prepare(`UPDATE attempts SET finished_at = 3, outcome = 'failed' WHERE id = ?`).run(inFlight);
    const tallies = readings.newAttempts();
    expect(tallies).toHaveLength(2);
    expect(tallies).toEqual(
      expect.arrayContaining([
        { outcome: 'failed', connection: 'oracle_health-sandbox', count: 1 },
        { outcome: 'posted', connection: 'oracle_health-sandbox', count: 1 },
      ]),
    );
    expect(readings.newAttempts()).toEqual([]);
    expect(readings.newEvents()).toEqual([{ source: 'sandbox', count: 2 }]);
    expect(readings.newEvents()).toEqual([]);
  });

  it('reads postings by status, zero included, and the oldest Retry by when it was created', () => {
    const { db, repos } = open();
    const readings = storeReadings(db);
    expect(readings.oldestRetryAgeMs(10_000)).toBe(0);
    seedPosting(repos, 'retry', {}, 1_000);
    seedPosting(repos, 'retry', {}, 4_000);
    seedPosting(repos, 'will_not_be_sent', {}, 4_000);
    const counts = readings.postingsByStatus(10_000);
    expect(counts.get('retry')).toBe(2);
    expect(counts.get('will_not_be_sent')).toBe(1);
    expect(counts.get('success')).toBe(0);
    expect(readings.oldestRetryAgeMs(10_000)).toBe(9_000);
  });
});
