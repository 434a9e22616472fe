/**
 * Benchmark 7 of issue #9: start-up on a database of N payments, as a user sees it.
 *
 * `clearpost serve` is started as a process on a data folder holding N payment events with their postings,
 * N/10 attempts and some audit entries, and timed from spawn until it answers its first API request
 * (`auth.whoami`, what the console asks first). The baseline is the same start on an empty data folder, in
 * the same run, so the difference is what the rows cost. `dashboard.summary` (the first screen's figures)
 * is timed too and reported beside it.
 *
 * Goal: ready within 3 s at a million rows. An empty start on this kind of machine takes about a second
 * (Node, the bundle, the data folder); a restart on a busy workstation should not add more than a couple
 * of seconds to that, so nothing at start-up may read every row.
 *
 * Each folder is started once, then restarted three times (in turn with the other) and the median restart
 * is reported: the first start on a folder takes its first scheduled snapshot (a copy of the whole database,
 * which the snapshot schedule does at most once per interval), a restart finds it recent. The first start's
 * time is reported too (`firstStartMs`).
 *
 *   npm run bench -- --only startup            (reduced: 200,000 rows)
 *   npm run bench -- --only startup --full     (1,000,000 rows; ROWS=… overrides)
 *
 * Needs the built app (`npx electron-vite build`; bench/run.mjs builds it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { dataLayout } from '../src/main/paths';
import { openStore } from '../src/main/store/open';
import { auditRepository } from '../src/main/store/repositories/audit';
import { report, size } from './lib/report';

const ROWS = size(200_000, 1_000_000, 'ROWS');
const GOAL_MS = 3000;
const ROOT = join(import.meta.dirname, '..');
const DAY_MS = 86_400_000;
/** Restarts of each folder; the median is reported. */
const RESTARTS = 3;

/** N events, their postings (mostly posted, some exceptions and retries), N/10 attempts, some audit. */
function seed(dataDir: string, rows: number): void {
  const layout = dataLayout(dataDir);
  // Created and migrated the way the app does it; then filled by plain inserts, which is quick.
  const store = openStore(layout.database, { backupDir: layout.backups });
  const db = store.db;
  db.pragma('synchronous = OFF');
  const now = Date.now();
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency, ehr,
       facility, guarantor_account, encounter_id, merchant_ref, card_brand, card_last4, processor_status,
       transaction_at, effective_date, extras, received_at)
     VALUES (?, 'file', ?, 'one_time_payment', 'card', ?, 'USD', ?, 'MAIN', ?, ?, ?, 'visa', '1111', 'BATCHED',
       ?, '2025-03-02', '{}', ?)`,
  );
  const STATUSES = ['success', 'success', 'success', 'success', 'success', 'success', 'failure', 'retry'];
  const posting = db.prepare(
    `INSERT INTO postings (id, event_id, ehr, connection_id, channel, status, attempts, next_attempt_at,
       window_expires_at, created_at, updated_at, resolved_at, ehr_reference, amount_minor)
     VALUES (?, ?, ?, ?, 'api', ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const attempt = db.prepare(
    `INSERT INTO attempts (posting_id, number, started_at, finished_at, request, http_status, outcome,
       duration_ms)
     VALUES (?, 1, ?, ?, '{}', ?, ?, 120)`,
  );
  const fill = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const id = i + 1;
      const at = now - (i % 30) * DAY_MS - (i % 997) * 1000;
      const ehr = i % 3 === 0 ? 'oracle_health' : 'epic';
      const amountMinor = 100 + (i % 500_000);
      event.run(
        id,
        `7${String(i).padStart(21, '0')}`,
        amountMinor,
        ehr,
        `G${String(i % 50_000)}`,
        `E${String(i)}`,
        `HB-${String(i)}`,
        at,
        at,
      );
      const status = STATUSES[i % STATUSES.length] ?? 'success';
      const done = status === 'success' || status === 'failure';
      posting.run(
        id,
        id,
        ehr,
        ehr === 'epic' ? 'epic-sandbox' : 'oracle-sandbox',
        status,
        status === 'retry' ? at + 60_000 : null,
        at + DAY_MS,
        at,
        at,
        done ? at : null,
        status === 'success' ? `R${String(i)}` : null,
        // Written by the posting repository itself; left out, a trigger fills it (much more slowly).
        amountMinor,
      );
      if (i % 10 === 0) {
        attempt.run(
          id,
          at,
          at + 120,
          status === 'success' ? 200 : 422,
          done ? (status === 'success' ? 'posted' : 'failed') : 'retry',
        );
      }
    }
  });
  // Building the indexes once after the rows is many times quicker than keeping a dozen up to date row by
  // row; the schema ends up exactly as migrated.
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('payment_events', 'postings', 'attempts')`,
    )
    .all();
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  for (let from = 0; from < rows; from += 50_000) fill(from, Math.min(rows, from + 50_000));
  for (const index of indexes) db.exec(index.sql);
  const audit = auditRepository(db);
  db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) {
      audit.append(
        { actor: 'bench', action: 'posting.resent', subjectType: 'posting', subjectId: String(i + 1) },
        now - i,
      );
    }
  })();
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

interface Start {
  /** Spawn until the console URL is printed. */
  readonly readyMs: number;
  /** Spawn until the first API request is answered. */
  readonly firstAnswerMs: number;
  /** Spawn until the dashboard's figures are answered. */
  readonly dashboardMs: number;
}

async function post(origin: string, token: string, command: string, args: unknown): Promise<void> {
  const res = await fetch(`${origin}/api/${command}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok?: boolean };
  if (!res.ok || body.ok === false) throw new Error(`${command} answered ${String(res.status)}`);
}

/** The start with the median time to the first answer. */
function median(starts: readonly Start[]): Start {
  const sorted = [...starts].sort((a, b) => a.firstAnswerMs - b.firstAnswerMs);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no start was timed');
  return middle;
}

/** Starts `clearpost serve` on the folder, times it, and stops it. */
async function start(dataDir: string): Promise<Start> {
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'clearpost.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--ehr-sandbox',
      'off',
      '--no-traffic',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<URL>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^Clearpost console: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(stdout);
        if (match?.[1]) resolve(new URL(match[1]));
      });
      child.once('exit', (code) =>
        reject(new Error(`clearpost serve exited with ${String(code)}: ${stderr}`)),
      );
    });
    const readyMs = performance.now() - t;
    const token = url.searchParams.get('token') ?? '';
    await post(url.origin, token, 'auth.whoami', {});
    const firstAnswerMs = performance.now() - t;
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const dayStarts = Array.from({ length: 14 }, (_, i) => midnight.getTime() - (13 - i) * DAY_MS);
    await post(url.origin, token, 'dashboard.summary', { dayStarts });
    return { readyMs, firstAnswerMs, dashboardMs: performance.now() - t };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

it(`starts on a ${String(ROWS)}-row database`, async () => {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('Build the app first: npx electron-vite build');
  }
  const emptyDir = mkdtempSync(join(tmpdir(), 'clearpost-bench-startup-empty-'));
  const fullDir = mkdtempSync(join(tmpdir(), 'clearpost-bench-startup-rows-'));
  try {
    const seedStarted = performance.now();
    seed(fullDir, ROWS);
    const seedMs = performance.now() - seedStarted;

    // First starts create the folder's files and its first snapshot; the starts after are restarts, taken
    // in turn (empty, rows, empty, rows…) so that whatever else the machine does weighs on both alike.
    await start(emptyDir);
    const first = await start(fullDir);
    const empties: Start[] = [];
    const fulls: Start[] = [];
    for (let round = 0; round < RESTARTS; round += 1) {
      empties.push(await start(emptyDir));
      fulls.push(await start(fullDir));
    }
    const empty = median(empties);
    const full = median(fulls);

    report({
      name: 'startup',
      value: full.firstAnswerMs,
      unit: 'ms',
      baseline: empty.firstAnswerMs,
      goal: `time to ready <= ${String(GOAL_MS)} ms`,
      met: full.firstAnswerMs <= GOAL_MS,
      rows: ROWS,
      readyMs: Math.round(full.readyMs),
      dashboardMs: Math.round(full.dashboardMs),
      firstStartMs: Math.round(first.firstAnswerMs),
      emptyReadyMs: Math.round(empty.readyMs),
      seedSeconds: Math.round(seedMs) / 1000,
    });
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(fullDir, { recursive: true, force: true });
  }
}, 3_600_000);
