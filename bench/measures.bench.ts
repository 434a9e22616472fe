/**
 * Benchmark (#24): the dashboard's team measures (`dashboard.measures`) over 100,000 payments posted in the
 * last 30 days (PAYMENTS=… to change), with 1 % open exceptions and 0.5 % pending; every one a card payment no
 * funding names, the cash balance's worst case (one variance each). Value: p50 of 10 calls of the measures' SQL (rate, percentiles,
 * exception ages, unposted cash); each part's time and the whole call's (with the cash balance) beside it.
 * Baseline, same run, same file: one full scan of postings joined to their events. With every payment in the
 * window the index walk reads them all (near the scan's cost); with years of history it reads only the window.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/measures.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { balanceCash } from '../src/main/reconciliation/cash/cash-balance';
import { measureTargetsSchema } from '../src/main/reconciliation/measures/measure-targets';
import { teamMeasures } from '../src/main/reconciliation/measures/team-measures';
import { openStore } from '../src/main/store/open';
import { createRepositories } from '../src/main/store/repositories';
import { teamMeasuresRepository } from '../src/main/store/repositories/team-measures';
import { percentile, report, size, time } from './lib/report';

const PAYMENTS = size(100_000, 100_000, 'PAYMENTS');
const CALLS = 10;
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 20, 12);

const balanceCashFor = (repos: ReturnType<typeof createRepositories>) =>
  balanceCash(repos, {
    from: '2025-05-22',
    to: '2025-06-20',
    asOf: '2025-06-20',
    timeZone: 'America/Chicago',
  });

it('team measures at 100k payments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-measures-'));
  try {
    const store = openStore(join(dir, 'clearpost.sqlite'));
    const db = store.db;
    const insertEvent = db.prepare(
      `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
         transaction_at, received_at) VALUES ('file', ?, 'one_time_payment', 'card', ?, 'USD', 'epic', 'MAIN', ?, ?)`,
    );
    const insertPosting = db.prepare(
      `INSERT INTO postings (event_id, ehr, connection_id, channel, status, created_at, updated_at, resolved_at,
         amount_minor) VALUES (?, 'epic', 'epic-1', 'api', ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < PAYMENTS; i += 1) {
        // Rows are written as payments arrive: ids follow time, as in a real store (with a little jitter).
        const paidAt = NOW - 29 * DAY + Math.floor((i / PAYMENTS) * 29 * DAY) - ((i * 7_919) % 600_000);
        const h = (i * 37) % 1_000;
        const status = h < 950 ? 'success' : h < 985 ? 'manually_posted' : h < 995 ? 'failure' : 'pending';
        const settled = Math.min(NOW - 1, paidAt + ((i * 104_729) % (3 * DAY)));
        const amount = 1_000 + ((i * 13) % 50_000);
        const { lastInsertRowid } = insertEvent.run(`T${String(i)}`, amount, paidAt, paidAt);
        const posted = status === 'success' || status === 'manually_posted';
        insertPosting.run(
          lastInsertRowid,
          status,
          paidAt,
          posted ? settled : paidAt,
          posted ? settled : null,
          amount,
        );
      }
    })();
    db.exec('ANALYZE');
    const repos = createRepositories(db);
    const measures = teamMeasuresRepository(db);
    const targets = measureTargetsSchema.parse({});
    const sqlOnly = () => {
      measures.postedMix(NOW - 30 * DAY, NOW);
      measures.timeToPost(NOW - 30 * DAY, NOW, [0.5, 0.95]);
      measures.openExceptions();
      return measures.unpostedCash();
    };
    const times = Array.from({ length: CALLS }, () => time(sqlOnly).ms);
    const parts = {
      postedMixMs: time(() => measures.postedMix(NOW - 30 * DAY, NOW)).ms,
      percentilesMs: time(() => measures.timeToPost(NOW - 30 * DAY, NOW, [0.5, 0.95])).ms,
      exceptionsMs: time(() => measures.openExceptions()).ms,
      unpostedMs: time(() => measures.unpostedCash()).ms,
      cashBalanceMs: time(() => balanceCashFor(repos)).ms,
    };
    const whole = Array.from(
      { length: 3 },
      () => time(() => teamMeasures({ measures, repos, targets, timeZone: 'America/Chicago', now: NOW })).ms,
    );
    const scan = db.prepare(
      'SELECT count(*), sum(coalesce(p.resolved_at, p.updated_at) - e.transaction_at) FROM postings p JOIN payment_events e ON e.id = p.event_id',
    );
    const baseline = Array.from({ length: 3 }, () => time(() => scan.get()).ms);
    const value = percentile(times, 50);
    report({
      name: 'measures',
      value,
      unit: 'ms',
      baseline: percentile(baseline, 50),
      goal: 'p50 <= 250 ms (a dashboard refresh); the baseline says what a full scan costs here',
      met: value <= 250,
      payments: PAYMENTS,
      wholeDashboardMeasuresP50Ms: Math.round(percentile(whole, 50)),
      ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v)])),
    });
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
