/**
 * Benchmark: the retry sweep over a large store. 1,000,000 postings (full; 200,000 reduced) of which a tenth
 * are due retries, spread over both EHR connections among successes, failures and retries not yet due. The
 * figure is the time the engine's own claim statement (the sweep: select due work in due order and take
 * it under a lease) needs to schedule every due item, in batches as the engine claims them; the plan must
 * walk the `postings_due` index. Baseline, same run: the least any sweep must write, a bare primary-key
 * UPDATE of the same rows in the same batches (ids known in advance, no selection at all).
 *
 *   npm run bench -- --only retry-sweep [--full]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { openStore } from '../src/main/store/open';
import { DUE_POSTINGS, postingWorkRepository } from '../src/main/store/repositories/posting-work';
import { report, size, time } from './lib/report';

const ROWS = size(200_000, 1_000_000, 'ROWS');
const DUE = Math.floor(ROWS / 10);
/** What the engine claims at once: an endpoint's free room (concurrency), here a generous one. */
const BATCH = 256;
const CONNECTIONS = ['oracle-main', 'epic-main'] as const;

function seed(db: ReturnType<typeof openStore>['db'], now: number): void {
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       guarantor_account, transaction_at, received_at)
     VALUES (?, 'sandbox', ?, 'one_time_payment', 'card', ?, 'USD', ?, 'MAIN', ?, ?, ?)`,
  );
  const posting = db.prepare(
    `INSERT INTO postings (id, event_id, ehr, connection_id, channel, status, attempts, next_attempt_at,
       window_expires_at, reason_code, resolved_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'api', ?, 1, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const id = i + 1;
      const epic = i % 3 === 0;
      const at = now - (ROWS - i) * 30_000;
      // Every tenth row is a due retry; a further tenth retries later; the rest are settled.
      const kind = i % 10 === 0 ? 'due' : i % 10 === 1 ? 'later' : i % 10 === 2 ? 'failure' : 'success';
      const status = kind === 'due' || kind === 'later' ? 'retry' : kind;
      const next = kind === 'due' ? now - (i % 21_600_000) : kind === 'later' ? now + 3_600_000 : null;
      event.run(
        id,
        `T${String(id)}`,
        1_000 + (i % 90_000),
        epic ? 'epic' : 'oracle_health',
        `G${String(i)}`,
        at,
        at,
      );
      posting.run(
        id,
        id,
        epic ? 'epic' : 'oracle_health',
        CONNECTIONS[epic ? 1 : 0],
        status,
        next,
        status === 'retry' ? now + 86_400_000 : null,
        status === 'retry' ? '503' : null,
        status === 'success' ? at : null,
        at,
        at,
      );
    }
  })();
}

it(`sweeps ${String(DUE)} due retries among ${String(ROWS)} postings`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-sweep-'));
  const store = openStore(join(dir, 'db.sqlite'));
  const { db } = store;
  const now = Date.now();
  seed(db, now);
  db.exec('ANALYZE');
  const work = postingWorkRepository(db);

  const plan = db
    .prepare<[string, number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${DUE_POSTINGS}`)
    .all('oracle-main', now, 256)
    .map((r) => r.detail)
    .join('; ');
  const usesIndex = /USING (COVERING )?INDEX postings_due/.test(plan) && !/TEMP B-TREE/.test(plan);

  // Baseline: the same rows leased by primary key, batch by batch, nothing selected.
  const dueIds = db
    .prepare<[number], { id: number }>(
      "SELECT id FROM postings WHERE status = 'retry' AND next_attempt_at <= ?",
    )
    .all(now)
    .map((r) => r.id);
  const lease = db.prepare(
    "UPDATE postings SET status = 'in_flight', lease_until = ?, lease_owner = 'base', updated_at = ? WHERE id = ?",
  );
  const restore = db.prepare(
    "UPDATE postings SET status = 'retry', lease_until = NULL, lease_owner = NULL WHERE id = ?",
  );
  const baseline = time(() => {
    for (let i = 0; i < dueIds.length; i += BATCH) {
      db.transaction(() => {
        for (const id of dueIds.slice(i, i + BATCH)) lease.run(now + 60_000, now, id);
      })();
    }
  });
  db.transaction(() => {
    for (const id of dueIds) restore.run(id);
  })();

  // The sweep: the engine's claim, connection by connection, until nothing more is due.
  let claimed = 0;
  let claims = 0;
  const sweep = time(() => {
    for (const connection of CONNECTIONS) {
      for (;;) {
        const got = work.claimDue(connection, now, BATCH, 'bench', now + 60_000).length;
        claims++;
        claimed += got;
        if (got < BATCH) break;
      }
    }
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (claimed !== dueIds.length)
    throw new Error(`sweep claimed ${String(claimed)} of ${String(dueIds.length)} due`);

  report({
    name: 'retry-sweep',
    value: sweep.ms,
    unit: 'ms',
    baseline: baseline.ms,
    goal: 'plan walks postings_due (no temp b-tree); ratio <= 2',
    met: usesIndex && sweep.ms <= 2 * baseline.ms,
    rows: ROWS,
    due: dueIds.length,
    claims,
    perClaimMs: Math.round((sweep.ms / claims) * 100) / 100,
    plan,
  });
});
