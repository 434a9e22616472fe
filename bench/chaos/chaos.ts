/**
 * Chaos soak for the posting engine (`npm run chaos -- --payments N --kills K`).
 *
 * The driver owns both simulators (durable ledgers) and the payments; an engine child process posts
 * them while the simulators inject timeouts (half of them after committing), 5xx, 429 with Retry-After,
 * 401 and answers slower than the engine's configured lease, the driver imports a report into the same
 * database meanwhile (a second writer, as `clearpost import` is), and SIGKILLs the engine K times at random
 * moments. Then it drains and audits:
 * duplicates in the ledgers, payments lost, payments in more than one state, and cents on both sides.
 * Oracle Health is simulated as documented (no lookup, no duplicate rejection), so its ambiguous posts end
 * held for verification: counted on their own (`needsVerification`), never lost, never sent twice.
 * Ends with one JSON line; exits non-zero when a money invariant fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { systemClock } from '../../src/main/clock';
import type { EhrConnectionInput } from '../../src/main/connectors/ehr';
import { startEpicSim, startOracleSim, type Simulator } from '../../src/main/sandbox';
import {
  createSandboxWorld,
  SANDBOX_ORACLE_ALIAS_KINDS,
  SANDBOX_ORACLE_ALIASES,
} from '../../src/main/sandbox/world';
import { createApp } from '../../src/main/app';
import { openStore } from '../../src/main/store/open';
import { createRepositories } from '../../src/main/store/repositories';

const { values } = parseArgs({
  options: {
    payments: { type: 'string', default: '10000' },
    kills: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    'keep-data': { type: 'boolean', default: false },
  },
  strict: true,
});
const STORED = Number(values.payments);
/** Payments that arrive by a report import running beside the engine (counted in `payments`). */
const IMPORTED = Math.max(50, Math.round(STORED / 10));
const PAYMENTS = STORED + IMPORTED;
/** The engine's configured (minimum) lease, and answers slower than it (engine-process.ts). */
const LEASE_MS = 2_000;
const SLOW = { ms: 2_500, rate: 0.03 };
const KILLS = Number(values.kills);
let seed = Number(values.seed);
const random = () => {
  // mulberry32: repeatable kill times for a given seed
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const FINAL = new Set(['success', 'failure', 'needs_verification', 'not_applicable', 'manually_posted']);
/**
 * Settled: a final status, except a needs-verification item the engine will still resolve by lookup (it has a
 * next attempt); one held for a person (no next attempt) is settled.
 */
const SETTLED_SQL = `(p.status IN (${[...FINAL]
  .filter((s) => s !== 'needs_verification')
  .map((s) => `'${s}'`)
  .join(', ')}) OR (p.status = 'needs_verification' AND p.next_attempt_at IS NULL))`;
const silent = pino({ level: 'silent' });

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearpost-chaos-'));
  const world = createSandboxWorld(11, 40);
  const common = {
    clock: systemClock,
    logger: silent,
    clientId: 'chaos',
    clientSecret: 'chaos-secret',
    timeZone: 'America/Chicago',
    timeoutHoldMs: 1_500,
    tokenLifetimeSeconds: 3_600,
  };
  // Epic: accepts a second posting of the same id (the dangerous real case); the engine must look it up.
  const epic = await startEpicSim({
    ...common,
    ledgerPath: join(dataDir, 'epic-ledger.sqlite'),
    directory: world.directories.epic,
    duplicatePolicy: 'accept_twice',
  });
  // Oracle Health as documented: cannot be asked and does not refuse a repeated id, so an ambiguous post is
  // held for verification, never sent again.
  const oracle = await startOracleSim({
    ...common,
    ledgerPath: join(dataDir, 'oracle-ledger.sqlite'),
    directory: world.directories.oracle_health,
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
  });
  for (const sim of [epic, oracle]) {
    sim.faults.configure({
      rates: [
        { fault: { kind: 'timeout' }, rate: 0.15 },
        { fault: { kind: 'commit_then_drop' }, rate: 0.15 / 0.85 },
        { fault: { kind: 'server_error', status: 503 }, rate: 0.05 / 0.7 },
        { fault: { kind: 'rate_limited', retryAfter: 'seconds', seconds: 1 }, rate: 0.03 / 0.65 },
        { fault: { kind: 'token_expired' }, rate: 0.01 / 0.62 },
        // Answers that come after the engine's configured lease has run out: the lease must outlast them.
        { fault: { kind: 'latency', ms: SLOW.ms }, rate: SLOW.rate / 0.61 },
      ],
    });
  }

  const oracleFacilities = world.facilities.filter((f) => f.ehr === 'oracle_health').map((f) => f.code);
  const connections: EhrConnectionInput[] = [
    {
      id: 'chaos-epic',
      name: 'Epic (chaos)',
      ehr: 'epic',
      baseUrl: epic.baseUrl,
      tokenUrl: epic.tokenUrl,
      clientId: epic.clientId,
      clientSecret: epic.clientSecret,
      // Longer than the slow answers (and so than the configured lease): the engine's lease outlasts it.
      responseTimeoutMs: 3_000,
      connectTimeoutMs: 400,
      dedupesOnExternalId: false,
      // The soak cannot wait 6 hours for a sweep: a second 401 in a row waits one minute instead.
      retry: { intervalMs: 60_000 },
    },
    {
      id: 'chaos-oracle',
      name: 'Oracle Health (chaos)',
      ehr: 'oracle_health',
      baseUrl: oracle.baseUrl,
      tokenUrl: oracle.tokenUrl,
      clientId: oracle.clientId,
      clientSecret: oracle.clientSecret,
      responseTimeoutMs: 3_000,
      connectTimeoutMs: 400,
      dedupesOnExternalId: false,
      retry: { intervalMs: 60_000 },
      sites: Object.fromEntries(
        oracleFacilities.map((code) => [
          code,
          {
            aliases: {
              one_time_payment: SANDBOX_ORACLE_ALIASES.one_time_payment,
              payment_plan: SANDBOX_ORACLE_ALIASES.payment_plan,
            },
            reversalAlias: SANDBOX_ORACLE_ALIASES.reversal,
            refundAlias: SANDBOX_ORACLE_ALIASES.refund,
          },
        ]),
      ),
    },
  ];
  const connectionsFile = join(dataDir, 'connections.json');
  writeFileSync(connectionsFile, JSON.stringify(connections));

  // The payments, stored and queued for the engine before it first starts (valid accounts only: this
  // soak is about the network and crashes, not data problems).
  const store = openStore(join(dataDir, 'clearpost.sqlite'));
  const repos = createRepositories(store.db);
  const guarantors = world.guarantors.filter((g) => g.combinedInto === null);
  const now = Date.now();
  store.db.transaction(() => {
    for (let i = 0; i < STORED; i++) {
      const g = guarantors[i % guarantors.length]!;
      const encounter = g.encounters.find((e) => !world.closedEncounters.has(e)) ?? null;
      repos.events.insert(
        {
          // Stored as processor payments: the simulators are configured connections here, and a synthetic
          // ('sandbox') payment is never posted to a configured connection (engine/admission.ts).
          source: 'webhook',
          processorTxnId: `CH${String(i).padStart(9, '0')}`,
          kind: 'one_time_payment',
          tender: 'card',
          amountMinor: 500 + ((i * 7919) % 250_000),
          currency: 'USD',
          ehr: g.ehr,
          facility: g.facility,
          guarantorAccount: g.account,
          encounterId: encounter,
          cardBrand: 'VISA',
          cardLast4: '4242',
          cardExpiry: '2030-01',
          transactionAt: now,
        },
        now,
      );
    }
  })();

  const counts = () =>
    store.db
      .prepare<[], { status: string; n: number }>(
        'SELECT status, count(*) AS n FROM postings GROUP BY status',
      )
      .all();
  const settled = () =>
    store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM postings p WHERE ${SETTLED_SQL}`).get()!
      .n === PAYMENTS;

  const engineScript = join(__dirname, 'chaos-engine.cjs');
  const startEngine = (): ChildProcess =>
    spawn(process.execPath, [engineScript, '--data-dir', dataDir, '--connections', connectionsFile], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  // The second writer: a report imported into the same database while the engine posts and is killed.
  const epicFacility = world.facilities.find((f) => f.ehr === 'epic')!.code;
  const reportFile = join(dataDir, 'report.csv');
  writeFileSync(
    reportFile,
    importReport(
      guarantors.filter((g) => g.ehr === 'epic' && g.facility === epicFacility).map((g) => g.account),
    ),
  );
  const importer = await createApp({ dataDir, mode: 'cli', logger: silent, engine: { autoStart: false } });

  const started = Date.now();
  let child = startEngine();
  const imported = sleep(200).then(() =>
    importer.intake.importFile(reportFile, { facility: epicFacility, ehr: 'epic' }),
  );
  for (let k = 0; k < KILLS; k++) {
    await sleep(300 + Math.floor(random() * 1_500));
    if (settled()) break;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    child = startEngine();
  }
  const importSummary = await imported;
  await importer.close();
  if (importSummary.imported !== IMPORTED)
    throw new Error(`imported ${String(importSummary.imported)} of ${String(IMPORTED)} rows`);
  const deadline = Date.now() + 15 * 60_000;
  while (!settled() && Date.now() < deadline) await sleep(250);
  const drainSeconds = (Date.now() - started) / 1000;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));

  const ledger = (sim: Simulator) => sim.ledger.postings();
  const all = [...ledger(epic), ...ledger(oracle)];
  const perId = new Map<string, number>();
  for (const p of all) perId.set(p.externalId, (perId.get(p.externalId) ?? 0) + 1);
  const duplicates = [...perId.values()].filter((n) => n > 1).length;
  const states = store.db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM payment_events e LEFT JOIN postings p ON p.event_id = e.id
       WHERE p.id IS NULL OR NOT ${SETTLED_SQL}`,
    )
    .get()!.n;
  const storeCents =
    store.db
      .prepare<[], { c: number | null }>(
        `SELECT sum(e.amount_minor) AS c FROM postings p JOIN payment_events e ON e.id = p.event_id WHERE p.status = 'success'`,
      )
      .get()!.c ?? 0;
  const ledgerCents = all.reduce((s, p) => s + p.amountMinor, 0);
  // Each ledger row by the store status of its payment (the soak posts one-time payments only, so the
  // external id is the processor id). Success rows must match the store to the cent; rows of items held
  // for verification are what a person finds when checking the EHR; no row may belong to anything else.
  const statusOf = new Map(
    store.db
      .prepare<[], { id: string; status: string }>(
        'SELECT e.processor_txn_id AS id, p.status FROM payment_events e JOIN postings p ON p.event_id = e.id',
      )
      .all()
      .map((r) => [r.id, r.status]),
  );
  const ledgerCentsOf = (status: string) =>
    all.filter((p) => statusOf.get(p.externalId) === status).reduce((s, p) => s + p.amountMinor, 0);
  const heldCents = ledgerCentsOf('needs_verification');
  const needsVerification = counts().find((r) => r.status === 'needs_verification')?.n ?? 0;
  const report = {
    payments: PAYMENTS,
    kills: KILLS,
    duplicates,
    lost: states,
    needsVerification,
    faults: {
      slowerThanLease: { ms: SLOW.ms, leaseMs: LEASE_MS, rate: SLOW.rate },
      importWriter: { rows: IMPORTED },
    },
    ledgerCents,
    storeCents,
    heldCents,
    byStatus: Object.fromEntries(counts().map((r) => [r.status, r.n])),
    postsPerSecond: Math.round((all.length / drainSeconds) * 10) / 10,
    drainSeconds: Math.round(drainSeconds * 10) / 10,
  };
  store.db.close();
  await epic.close();
  await oracle.close();
  if (!values['keep-data']) rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const balanced = ledgerCentsOf('success') === storeCents && ledgerCents === storeCents + heldCents;
  return duplicates === 0 && states === 0 && balanced ? 0 : 1;
}

/** A Transaction Request report of IMPORTED accepted payments for the given Epic guarantor accounts. */
function importReport(accounts: readonly string[]): string {
  // The published layout: the report's day in its title line, no date column; plus the site's account column.
  const day = new Date().toISOString().slice(0, 10);
  const lines = [
    `Transaction Request Report,1.0,${day} to ${day},,,,,,,,`,
    'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action,guarantor_account',
  ];
  for (let i = 0; i < IMPORTED; i++) {
    const cents = 500 + ((i * 104_729) % 250_000);
    const amount = `${String(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
    lines.push(
      `chaos,1,vital,88${String(i).padStart(20, '0')},${String(i)},CHI-${String(i)},SOK,${amount},USD,PENDING,${accounts[i % accounts.length]!}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
