/**
 * Benchmark: the exception queue with 1,000,000 postings in the store. Prints the time to the first page
 * (what an operator waits for when the queue opens), the per-page time while scrolling by keyset cursor
 * (a 200-row page per ~9 000 px of scrolling at 44 px a row), the count behind the header, a business-key
 * search and the dashboard summary; next to a baseline measured in the same run: a bare primary-key page read
 * of the same size.
 *
 *   ROWS=1000000 npx vitest run --dir bench --config bench/vitest.bench.config.ts queue-1m
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { QueueQuery } from '../src/shared/commands/console';
import { dashboardRepository } from '../src/main/store/repositories/dashboard';
import { queueRepository } from '../src/main/store/repositories/queue';
import { openStore } from '../src/main/store/open';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const PAGES = 50;
const PAGE = 200;
// Roughly a hospital's mix: most payments post; a fifth are exceptions of one kind or another.
const STATUSES = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'failure',
  'retry',
];

function seed(db: ReturnType<typeof openStore>['db']): void {
  const now = Date.now();
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       guarantor_account, encounter_id, transaction_at, received_at)
     VALUES (?, 'sandbox', ?, 'one_time_payment', 'card', ?, 'USD', ?, 'MAIN', ?, ?, ?, ?)`,
  );
  const posting = db.prepare(
    `INSERT INTO postings (event_id, ehr, connection_id, channel, status, attempts, next_attempt_at,
       window_expires_at, reason, resolved_at, created_at, updated_at)
     VALUES (?, ?, 'c', 'api', ?, 1, ?, ?, 'reason', ?, ?, ?)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const ehr = i % 3 === 0 ? 'epic' : 'oracle_health';
      const status = STATUSES[i % STATUSES.length] ?? 'success';
      const at = now - (ROWS - i) * 1_000;
      event.run(
        i + 1,
        `T${String(i)}`,
        100 + ((i * 7919) % 500_000),
        ehr,
        `G${String(i % 200_000)}`,
        `E${String(i)}`,
        at,
        at,
      );
      posting.run(
        i + 1,
        ehr,
        status,
        status === 'retry' ? at + 3_600_000 : null,
        status === 'retry' ? at + 86_400_000 : null,
        status === 'success' ? at : null,
        at,
        at,
      );
    }
  });
  for (let i = 0; i < ROWS; i += 50_000) batch(i, Math.min(ROWS, i + 50_000));
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

it(`serves the queue over ${String(ROWS)} postings`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-'));
  const store = openStore(join(dir, 'db.sqlite'));
  const seeded = time(() => seed(store.db));
  store.db.exec('ANALYZE');
  const queue = queueRepository(store.db);
  const dashboard = dashboardRepository(store.db);
  const lines: string[] = [];
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

  // Baseline: the cheapest possible 200-row page from the same table.
  const bare = store.db.prepare('SELECT id, status FROM postings WHERE id < ? ORDER BY id DESC LIMIT ?');
  const baseline: number[] = [];
  let cursor = ROWS + 1;
  for (let i = 0; i < PAGES; i += 1) {
    const r = time(() => bare.all(cursor, PAGE) as { id: number }[]);
    cursor = r.value.at(-1)?.id ?? 0;
    baseline.push(r.ms);
  }
  const baseP50 = percentile(baseline, 50);

  for (const sort of ['newest', 'expiry', 'amount_desc'] as const) {
    const first = time(() => queue.list(QueueQuery.parse({ sort, limit: PAGE })));
    const pages: number[] = [];
    let after = first.value.next;
    for (let i = 0; i < PAGES && after; i += 1) {
      const r = time(() => queue.list(QueueQuery.parse({ sort, limit: PAGE, after })));
      pages.push(r.ms);
      after = r.value.next;
    }
    lines.push(
      `queue sort=${sort}: first page ${fmt(first.ms)}; scrolling ${String(pages.length)} pages p50 ${fmt(percentile(pages, 50))}, ` +
        `p95 ${fmt(percentile(pages, 95))} (${(percentile(pages, 50) / baseP50).toFixed(1)}x baseline)`,
    );
  }
  const failures = time(() =>
    queue.list(QueueQuery.parse({ statuses: ['failure'], ehr: 'epic', limit: PAGE })),
  );
  lines.push(`queue filtered (Failure, Epic): first page ${fmt(failures.ms)}`);
  const search = time(() => queue.list(QueueQuery.parse({ search: 'G12345', limit: PAGE })));
  lines.push(`search by account prefix: ${fmt(search.ms)} (${String(search.value.rows.length)} rows)`);
  const count = time(() => queue.count({}));
  lines.push(
    `queue count + total: ${fmt(count.ms)} (${count.value.capped ? 'more than ' : ''}${String(count.value.count)} items)`,
  );
  const dayStarts = Array.from({ length: 14 }, (_, i) => Date.now() - (13 - i) * 86_400_000);
  const dash = time(() => dashboard.summary(dayStarts));
  lines.push(`dashboard summary: ${fmt(dash.ms)}`);
  const grouped = time(() =>
    store.db
      .prepare('SELECT ehr, channel, status, count(*) FROM postings GROUP BY ehr, channel, status')
      .all(),
  );
  lines.push(`  of which counts by EHR, channel and status: ${fmt(grouped.ms)}`);
  const plan = store.db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT count(*) FROM postings p WHERE p.status IN ('success', 'manually_posted')
       AND coalesce(p.resolved_at, p.updated_at) >= ? AND coalesce(p.resolved_at, p.updated_at) < ?`,
    )
    .all(0, 1) as { detail: string }[];
  lines.push(`  posted-per-day plan: ${plan.map((r) => r.detail).join('; ')}`);

  store.db.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nqueue with ${String(ROWS)} postings (seeded in ${(seeded.ms / 1000).toFixed(1)} s)\n${lines.join('\n')}\n` +
      `baseline (bare primary-key page of ${String(PAGE)}): p50 ${fmt(baseP50)}\n`,
  );
}, 3_600_000);
