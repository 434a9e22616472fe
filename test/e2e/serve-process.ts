import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Starts the built `clearpost serve` as a user would, and reads the URL it prints. By default the sandbox
 * runs without live traffic; the console benchmark passes `--ehr-sandbox off` instead.
 */
export async function startServeProcess(
  dataDir = mkdtempSync(join(tmpdir(), 'clearpost-e2e-')),
  options: readonly string[] = ['--no-traffic'],
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'clearpost.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...options],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // https when started with --tls-cert and --tls-key (the desktop-as-console spec).
      const match = /^Clearpost console: (https?:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`clearpost serve exited with ${String(code)}: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The database the serve process uses: the sandbox keeps its own (`sandbox/clearpost-sandbox.sqlite`), so a
 * folder served with the sandbox on never has synthetic payments in `clearpost.sqlite`.
 */
export function servedDatabase(dataDir: string): string {
  const sandbox = join(dataDir, 'sandbox', 'clearpost-sandbox.sqlite');
  return existsSync(sandbox) ? sandbox : join(dataDir, 'clearpost.sqlite');
}

/** Test data written straight into the served database (the serve process picks it up on query). */
export function seedExceptions(dataDir: string): void {
  const db = new BetterSqlite3(servedDatabase(dataDir));
  db.pragma('busy_timeout = 5000');
  const now = Date.now();
  const addEvent = db.prepare(
    `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       guarantor_account, encounter_id, card_brand, card_last4, transaction_at, received_at)
     VALUES ('sandbox', ?, 'one_time_payment', ?, ?, 'USD', ?, 'MAIN', ?, ?, 'VISA', '1111', ?, ?)`,
  );
  const addPosting = db.prepare(
    `INSERT INTO postings (event_id, ehr, connection_id, channel, status, attempts, reason_code, reason, next_step,
       next_attempt_at, window_expires_at, created_at, updated_at)
     VALUES (?, ?, ?, 'api', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = [
    [
      '7001',
      'card',
      12_550,
      'oracle_health',
      'G100234',
      'E900001',
      'failure',
      1,
      '422',
      'Unprocessable Entity: the encounter is closed',
      'Manually post payment',
      null,
      null,
    ],
    [
      '7002',
      'echeck',
      4_000,
      'epic',
      'G100235',
      'E900002',
      'retry',
      2,
      '503',
      'Epic did not answer (service unavailable)',
      'Clearpost re-posts automatically inside the window',
      now + 3_600_000,
      now + 86_400_000,
    ],
    [
      '7003',
      'cash',
      2_500,
      'oracle_health',
      'G100236',
      'E900003',
      'success',
      1,
      null,
      null,
      null,
      null,
      null,
    ],
  ] as const;
  db.transaction(() => {
    for (const [
      txn,
      tender,
      amount,
      ehr,
      account,
      encounter,
      status,
      attempts,
      code,
      reason,
      step,
      next,
      expiry,
    ] of rows) {
      const eventId = addEvent.run(txn, tender, amount, ehr, account, encounter, now, now).lastInsertRowid;
      addPosting.run(
        eventId,
        ehr,
        `${ehr}-sandbox`,
        status,
        attempts,
        code,
        reason,
        step,
        next,
        expiry,
        now,
        now,
      );
    }
  })();
  db.close();
}

export interface SeedRow {
  readonly txn: string;
  readonly ehr: 'epic' | 'oracle_health';
  readonly account: string;
  readonly amountMinor: number;
  readonly status: string;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly nextStep?: string;
  /** MAIN unless told: the sandbox's own facilities (NORTH, RIVERSIDE…) map to its simulated EHRs' aliases. */
  readonly facility?: string;
}

/** Exceptions with chosen keys, written straight into the served database like `seedExceptions`. */
export function seedPostings(dataDir: string, rows: readonly SeedRow[]): void {
  const db = new BetterSqlite3(servedDatabase(dataDir));
  db.pragma('busy_timeout = 5000');
  const now = Date.now();
  const addEvent = db.prepare(
    `INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       guarantor_account, encounter_id, card_brand, card_last4, card_expiry, transaction_at, received_at)
     VALUES ('sandbox', ?, 'one_time_payment', 'card', ?, 'USD', ?, ?, ?, ?, 'VISA', '1111', '2030-12', ?, ?)`,
  );
  const addPosting = db.prepare(
    `INSERT INTO postings (event_id, ehr, connection_id, channel, status, attempts, reason_code, reason, next_step,
       created_at, updated_at)
     VALUES (?, ?, ?, 'api', ?, 1, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const row of rows) {
      const eventId = addEvent.run(
        row.txn,
        row.amountMinor,
        row.ehr,
        row.facility ?? 'MAIN',
        row.account,
        `E-${row.txn}`,
        now,
        now,
      ).lastInsertRowid;
      addPosting.run(
        eventId,
        row.ehr,
        // The sandbox's own connection ids, so a retried item really goes to the simulated EHR.
        row.ehr === 'epic' ? 'sandbox-epic' : 'sandbox-oracle-health',
        row.status,
        row.reasonCode ?? null,
        row.reason ?? null,
        row.nextStep ?? null,
        now,
        now,
      );
    }
  })();
  db.close();
}
