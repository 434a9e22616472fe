/**
 * Benchmark (issue #9, item 4): the exception queue over 1,000,000 postings. For every sort the console offers
 * crossed with its main filters, the first page and 50 keyset pages after it (200 rows each, the console's
 * page), timed one by one; the line's value is the worst p95 over all combinations (second, warm pass; the
 * first, cold pass's worst is reported beside it). Baseline, in the same run on the same file: the queue's
 * default view (every open exception, largest amount first) with the indexes switched off (`NOT INDEXED`),
 * i.e. the full scan and sort each page would cost without them.
 *
 *   npm run bench -- --only queue            # 200,000 postings
 *   npm run bench -- --only queue --full     # 1,000,000 postings (the size)
 *   ROWS=500000 npm run bench -- --only queue
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { QueueQuery, QUEUE_SORTS, type QueueQueryInput } from '../src/shared/commands/console';
import type { ExceptionItem } from '../src/shared/domain';
import { openStore } from '../src/main/store/open';
import { OPEN_EXCEPTIONS, queueRepository } from '../src/main/store/repositories/queue';
import { percentile, report, size, time } from './lib/report';
import { seedQueue } from './lib/queue-seed';

const ROWS = size(200_000, 1_000_000, 'ROWS');
const PAGE = 200;
const PAGES = 50;
const GOAL_P95_MS = 20;
const GOAL_RATIO = 0.02;

/** The filters an operator reaches for: the status and EHR pickers, search, an amount, a day. */
function filters(now: number): Record<string, Omit<QueueQueryInput, 'sort' | 'limit' | 'after'>> {
  return {
    all: {},
    failure: { statuses: ['failure'] },
    declined: { statuses: ['declined'] },
    'failure+retry': { statuses: ['failure', 'retry'] },
    epic: { ehr: 'epic' },
    'failure+epic': { statuses: ['failure'], ehr: 'epic' },
    search: { search: 'G1234' },
    amount: { amountMinor: 2_500 },
    'last-day': { from: now - 86_400_000, to: now },
  };
}

/** Throws if a page sequence repeats a row or leaves the sort's order: a fast wrong answer is no answer. */
function checkOrder(rows: readonly ExceptionItem[], sort: (typeof QUEUE_SORTS)[number], combo: string) {
  const seen = new Set<number>();
  const key = (r: ExceptionItem): [number, number] => {
    switch (sort) {
      case 'newest':
        return [0, -r.postingId];
      case 'oldest':
        return [0, r.postingId];
      case 'amount_desc':
        return [-r.amountMinor, -r.postingId];
      case 'amount_asc':
        return [r.amountMinor, r.postingId];
      case 'expiry':
        return [r.windowExpiresAt ?? Number.MAX_SAFE_INTEGER, r.postingId];
    }
  };
  let previous: [number, number] | null = null;
  for (const row of rows) {
    if (seen.has(row.postingId)) throw new Error(`${combo}: posting ${String(row.postingId)} twice`);
    seen.add(row.postingId);
    const k = key(row);
    if (previous && (k[0] < previous[0] || (k[0] === previous[0] && k[1] <= previous[1]))) {
      throw new Error(`${combo}: rows out of order at posting ${String(row.postingId)}`);
    }
    previous = k;
  }
}

it(`serves every queue sort and filter over ${String(ROWS)} postings`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-queue-'));
  try {
    const store = openStore(join(dir, 'clearpost.db'));
    const now = Date.now();
    const seeded = time(() => seedQueue(store.db, ROWS, now));
    // No ANALYZE: installations never run it, so the plans measured are the plans they get.
    const queue = queueRepository(store.db);

    const ms = (n: number) => Math.round(n * 100) / 100;
    /** Every combination once: the first page and up to PAGES keyset pages after it, each timed. */
    const pass = () => {
      const p95: Record<string, number> = {};
      const firstPage: Record<string, number> = {};
      let worst = { combo: '', ms: 0 };
      for (const [name, filter] of Object.entries(filters(now))) {
        for (const sort of QUEUE_SORTS) {
          const combo = `${sort}/${name}`;
          const times: number[] = [];
          const rows: ExceptionItem[] = [];
          let after: string | undefined;
          for (let page = 0; page <= PAGES; page += 1) {
            const query = QueueQuery.parse({ ...filter, sort, limit: PAGE, ...(after ? { after } : {}) });
            const r = time(() => queue.list(query));
            times.push(r.ms);
            rows.push(...r.value.rows);
            after = r.value.next ?? undefined;
            if (!after) break;
          }
          checkOrder(rows, sort, combo);
          firstPage[combo] = ms(times[0] ?? 0);
          p95[combo] = ms(percentile(times, 95));
          if ((p95[combo] ?? 0) > worst.ms) worst = { combo, ms: p95[combo] ?? 0 };
        }
      }
      return { p95, firstPage, worst };
    };
    // Twice: the first pass meets pages no query has read since the seed (an amount sort reads rows all
    // over the file), as the first operator after a start does; the second runs warm, like the baseline,
    // which is the median of three full scans. The value is the warm pass; the cold one is kept beside it.
    const cold = pass();
    const { p95, firstPage, worst } = pass();

    // The same default view without its indexes: every posting read, the open ones sorted by amount.
    const fullScan = store.db.prepare(
      `SELECT p.id, e.amount_minor FROM postings p NOT INDEXED JOIN payment_events e ON e.id = p.event_id
       WHERE ${OPEN_EXCEPTIONS} ORDER BY p.amount_minor DESC, p.id DESC LIMIT ?`,
    );
    const scans = [0, 1, 2].map(() => time(() => fullScan.all(PAGE + 1)).ms);
    const baseline = percentile(scans, 50);
    const count = time(() => queue.count({}));
    store.db.close();

    report({
      name: 'queue',
      value: worst.ms,
      unit: 'ms',
      baseline,
      goal: `p95 <= ${String(GOAL_P95_MS)} ms and ratio <= ${String(GOAL_RATIO)}`,
      met: worst.ms <= GOAL_P95_MS && worst.ms / baseline <= GOAL_RATIO,
      rows: ROWS,
      openExceptions: Math.round(ROWS * 0.2),
      pageRows: PAGE,
      pagesPerCombo: PAGES + 1,
      worstCombo: worst.combo,
      coldWorstP95: cold.worst.ms,
      coldWorstCombo: cold.worst.combo,
      countMs: Math.round(count.ms * 100) / 100,
      seedSeconds: Math.round(seeded.ms / 100) / 10,
      // Other work on the machine shows up in the tail latencies: a p95 of a 2 ms query is a time slice.
      loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      p95,
      firstPage,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 3_600_000);
