/**
 * Benchmark: payments posted through the whole engine (claim under a lease, attempt recorded before and
 * after, classification, settlement with audit) to the Oracle Health simulator at a fixed latency, against
 * a baseline measured in the same run: the same requests sent by a bare loop over the connector at the same
 * concurrency, with no database at all. Prints one JSON line.
 *
 *   npm run bench:posting -- --payments 50000 --latency 5 --concurrency 16
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createApp } from '../../src/main/app';
import { systemClock } from '../../src/main/clock';
import { createConnector, type EhrConnectionInput } from '../../src/main/connectors/ehr';
import { startOracleSim } from '../../src/main/sandbox';
import {
  createSandboxWorld,
  SANDBOX_ORACLE_ALIAS_KINDS,
  SANDBOX_ORACLE_ALIASES,
} from '../../src/main/sandbox/world';
import type { NewPaymentEvent } from '../../src/main/store/repositories/events';

const { values } = parseArgs({
  options: {
    payments: { type: 'string', default: '50000' },
    latency: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
  strict: true,
});
const N = Number(values.payments);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const silent = pino({ level: 'silent' });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearpost-bench-posting-'));
  const world = createSandboxWorld(3, 50);
  const sim = await startOracleSim({
    ledgerPath: join(dataDir, 'ledger.sqlite'),
    clock: systemClock,
    logger: silent,
    clientId: 'bench',
    clientSecret: 'bench-secret',
    timeZone: 'America/Chicago',
    directory: world.directories.oracle_health,
    aliases: SANDBOX_ORACLE_ALIAS_KINDS,
  });
  sim.faults.configure({ latencyMs: LATENCY });
  const facilities = world.facilities.filter((f) => f.ehr === 'oracle_health').map((f) => f.code);
  const connection: EhrConnectionInput = {
    id: 'bench-oracle',
    name: 'Oracle Health (bench)',
    ehr: 'oracle_health',
    baseUrl: sim.baseUrl,
    tokenUrl: sim.tokenUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    sites: Object.fromEntries(
      facilities.map((code) => [
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
  };
  const guarantors = world.guarantors.filter((g) => g.ehr === 'oracle_health' && g.combinedInto === null);
  const event = (prefix: string, i: number): NewPaymentEvent => {
    const g = guarantors[i % guarantors.length]!;
    return {
      source: 'sandbox',
      processorTxnId: `${prefix}${String(i).padStart(9, '0')}`,
      kind: 'one_time_payment',
      tender: 'card',
      amountMinor: 1_000 + (i % 5_000),
      currency: 'USD',
      ehr: 'oracle_health',
      facility: g.facility,
      guarantorAccount: g.account,
      encounterId: g.encounters.find((e) => !world.closedEncounters.has(e)) ?? null,
      cardBrand: 'VISA',
      cardLast4: '4242',
      cardExpiry: '2030-01',
      transactionAt: Date.now(),
    };
  };

  // Baseline: the same kind of requests through the connector alone, CONCURRENCY at a time.
  const { connector } = createConnector(connection, { clock: systemClock, logger: silent });
  const baselineStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const prepared = connector.prepare({
          ...event('BASE', i),
          id: 0,
          receivedAt: 0,
          serviceFeeMinor: 0,
        } as never);
        if (!prepared.ok) throw new Error(prepared.error.message);
        const result = await connector.send(prepared.request);
        if (!result.ok) throw new Error(result.error.message);
      }
    }),
  );
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  connector.close();

  // The engine: the same count of payments, stored and queued, posted end to end.
  const app = await createApp({
    dataDir,
    mode: 'test',
    logger: silent,
    connections: [connection],
    engine: {
      pollMs: 20,
      endpoint: { concurrency: CONCURRENCY, breaker: { failures: 1_000, halfOpenAfterMs: 1_000 } },
    },
  });
  app.store.db.transaction(() => {
    for (let i = 0; i < N; i++) app.repos.events.insert(event('ENG', i), Date.now());
  })();
  const engineStart = performance.now();
  app.engine.kick();
  const posted = () =>
    app.store.db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM postings WHERE status = 'success'")
      .get()!.n;
  while (posted() < N) await new Promise((resolve) => setTimeout(resolve, 50));
  const engineSeconds = (performance.now() - engineStart) / 1000;
  await app.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });

  const value = Math.round((N / engineSeconds) * 10) / 10;
  const baseline = Math.round((N / baselineSeconds) * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      name: 'posting',
      value,
      unit: 'payments/s',
      baseline,
      ratio: Math.round((value / baseline) * 1000) / 1000,
      goal: '>= 0.9',
      payments: N,
      latencyMs: LATENCY,
      concurrency: CONCURRENCY,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench posting: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
