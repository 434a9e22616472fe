/**
 * Benchmark: payments posted through the whole engine (admission, claim under a lease, attempt recorded
 * before sending, classification, settlement with audit) to the Oracle Health simulator at a fixed latency,
 * against a baseline measured in the same run: the same requests sent by a bare axios loop at the same
 * concurrency, with no database at all. Rounds alternate the two sides after a warm-up round of each that is
 * not counted. Each side starts with its work ready: the bare loop with its requests mapped, the engine with
 * the round's payments stored and queued by intake's path (intake's own speed is the ingest benchmark's; the
 * figure with that storing counted too is printed beside, as `withIntake`). An engine round ends when its
 * last payment was settled (the posting's updated_at), as a bare round ends at its last answer. Prints one
 * JSON line (bench/lib/report.ts).
 *
 *   npm run bench -- --only posting [--full]
 *   npm run bench:posting -- --payments 50000 --latency 5 --concurrency 16
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import axios from 'axios';
import pino from 'pino';
import { report, round, size } from '../lib/report';
import { createApp } from '../../src/main/app';
import { systemClock } from '../../src/main/clock';
import { createConnector, type EhrConnectionInput } from '../../src/main/connectors/ehr';
import { createSandboxWorld, SANDBOX_ORACLE_ALIASES } from '../../src/main/sandbox/world';
import type { NewPaymentEvent } from '../../src/main/store/repositories/events';

const { values } = parseArgs({
  options: {
    payments: { type: 'string', default: String(size(20_000, 50_000, 'PAYMENTS')) },
    latency: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '4' },
    // Payments sent by both sides before the timed rounds and not counted: the first thousand pay for
    // JIT compilation, the simulator's first connections and SQLite's cold page cache.
    warmup: { type: 'string', default: '1000' },
  },
  strict: true,
});
const N = Number(values.payments);
const LATENCY = Number(values.latency);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const WARMUP = Number(values.warmup);
const silent = pino({ level: 'silent' });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearpost-bench-posting-'));
  const world = createSandboxWorld(3, 50);
  const sim = await startSimProcess(dataDir);
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
      // Stored as processor payments: the simulators are configured connections here, and a synthetic
      // ('sandbox') payment is never posted to a configured connection (engine/admission.ts).
      source: 'webhook',
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

  // Baseline: the same requests (mapped by the connector beforehand, outside the timing) sent by a bare
  // axios loop, CONCURRENCY at a time, one connection per request as the connector does (keep-alive off).
  const { connector } = createConnector(connection, { clock: systemClock, logger: silent });
  const requests = Array.from({ length: WARMUP + N }, (_, i) => {
    const prepared = connector.prepare({
      ...event('BASE', i),
      id: 0,
      receivedAt: 0,
      serviceFeeMinor: 0,
    } as never);
    if (!prepared.ok) throw new Error(prepared.error.message);
    return prepared.request;
  });
  connector.close();
  const token = await axios.post<{ access_token: string }>(
    sim.tokenUrl,
    new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    {
      auth: { username: sim.clientId, password: sim.clientSecret },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
  );
  const bare = axios.create({
    httpAgent: new http.Agent({ keepAlive: false }),
    headers: { authorization: `Bearer ${token.data.access_token}` },
  });
  const app = await createApp({
    dataDir,
    mode: 'test',
    backgroundCheckpoints: true, // as in the desktop app and serve mode
    logger: silent,
    connections: [connection],
    engine: {
      pollMs: 20,
      endpoint: { concurrency: CONCURRENCY, breaker: { failures: 1_000, halfOpenAfterMs: 1_000 } },
    },
  });
  const posted = app.store.db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM postings WHERE status = 'success'",
  );
  // What is not finished yet: events not admitted, postings not settled. Polled on the engine's thread, so it
  // reads only the open work (a seek per status), not the history a count of successes would walk.
  const unfinished = app.store.db.prepare<[], { n: number }>(
    `SELECT (SELECT count(*) FROM admission_queue)
       + (SELECT count(*) FROM postings WHERE status IN ('pending', 'in_flight', 'retry', 'needs_verification')) AS n`,
  );

  // The moment the engine settled its last payment so far: the round's true end, to the millisecond, rather
  // than when the poll below happened to notice (which would charge the engine up to a poll's interval).
  const lastSettled = app.store.db.prepare<[], { at: number | null }>(
    "SELECT max(updated_at) AS at FROM postings WHERE status = 'success'",
  );

  // Rounds alternate baseline and engine so both see the same machine load (other work on a shared
  // machine drifts over a run of minutes). Payments [0, WARMUP) are the warm-up round, not counted.
  let baselineSeconds = 0;
  let engineSeconds = 0;
  let withIntakeSeconds = 0;
  const roundRatios: number[] = [];
  // CPU spent per payment by this process (and its main thread) and by the simulator, per side.
  const cpu = {
    baseline: { own: 0, main: 0, sim: 0, simWaiting: 0 },
    engine: { own: 0, main: 0, sim: 0, simWaiting: 0 },
  };
  const simPid = sim.child.pid!;
  const sample = () => ({
    own: process.cpuUsage(),
    main: process.threadCpuUsage(),
    sim: processCpuMs(simPid),
    simWaiting: runQueueWaitMs(simPid),
  });
  const charge = (side: keyof typeof cpu, from: ReturnType<typeof sample>) => {
    const own = process.cpuUsage(from.own);
    const main = process.threadCpuUsage(from.main);
    cpu[side].own += (own.user + own.system) / 1000;
    cpu[side].main += (main.user + main.system) / 1000;
    cpu[side].sim += processCpuMs(simPid) - from.sim;
    cpu[side].simWaiting += runQueueWaitMs(simPid) - from.simWaiting;
  };
  const bounds: [from: number, to: number][] = [[0, WARMUP]];
  for (let r = 0; r < ROUNDS; r++) {
    bounds.push([WARMUP + Math.floor((N * r) / ROUNDS), WARMUP + Math.floor((N * (r + 1)) / ROUNDS)]);
  }
  for (const [from, to] of bounds) {
    if (to === from) continue; // --warmup 0
    const counted = from >= WARMUP;

    let next = from;
    const baselineCpu = sample();
    const baselineStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < to) {
          const request = requests[next++]!;
          const response = await bare.post(request.url, request.body, {
            headers: { 'content-type': request.contentType, accept: request.contentType },
          });
          if (response.status >= 300) throw new Error(`baseline post answered ${String(response.status)}`);
        }
      }),
    );
    const roundBaseline = (performance.now() - baselineStart) / 1000;
    if (counted) charge('baseline', baselineCpu);

    // The engine: the same count of payments, stored and queued by intake's path, then posted end to end
    // from the admission queue. The round's clock starts once they are stored, as the bare loop's starts
    // with its requests already mapped.
    const intakeStart = Date.now(); // the clock the engine stamps updated_at with
    app.store.db.transaction(() => {
      for (let i = from; i < to; i++) app.repos.events.insert(event('ENG', i), Date.now());
    })();
    const engineCpu = sample();
    const engineStart = Date.now();
    app.engine.wake();
    do await new Promise((resolve) => setTimeout(resolve, 100));
    while (unfinished.get()!.n > 0);
    if (posted.get()!.n !== to)
      throw new Error(`engine round ended with ${String(to - posted.get()!.n)} not posted`);
    const settledAt = lastSettled.get()!.at!;
    const roundEngine = (settledAt - engineStart) / 1000;
    const roundWithIntake = (settledAt - intakeStart) / 1000;
    if (counted) charge('engine', engineCpu);

    const rates = { bare: (to - from) / roundBaseline, engine: (to - from) / roundEngine };
    process.stderr.write(
      `posting ${counted ? `round ${String(roundRatios.length + 1)}/${String(ROUNDS)}` : 'warm-up (not counted)'}: ` +
        `bare ${String(Math.round(rates.bare))}/s, engine ${String(Math.round(rates.engine))}/s ` +
        `(storing the round's events took ${String(engineStart - intakeStart)} ms before it)\n`,
    );
    if (!counted) continue;
    baselineSeconds += roundBaseline;
    engineSeconds += roundEngine;
    withIntakeSeconds += roundWithIntake;
    roundRatios.push(round(rates.engine / rates.bare, 2));
  }
  const attempts = app.store.db
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM attempts WHERE kind = 'post'")
    .get()!.n;
  await app.close();
  sim.child.kill('SIGTERM');
  await once(sim.child, 'exit');
  rmSync(dataDir, { recursive: true, force: true });

  const value = N / engineSeconds;
  const baseline = N / baselineSeconds;
  report({
    name: 'posting',
    value,
    unit: 'payments/s',
    baseline,
    // The goal applies to the stricter figure: with the storing of the payments counted (`withIntake`).
    goal: 'withIntake.ratio >= 0.9',
    met: N / withIntakeSeconds / baseline >= 0.9,
    payments: N,
    latencyMs: LATENCY,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    warmup: WARMUP,
    // Each round's own ratio: how far the figure above moves with the machine's load during a run.
    roundRatios,
    // The engine's rate with the storing of each round's payments (one intake transaction before the round,
    // on the engine's thread) counted in its time, as this benchmark measured before 2026-12-04.
    withIntake: {
      value: round(N / withIntakeSeconds, 2),
      ratio: round(N / withIntakeSeconds / baseline, 4),
      storeMsPerPayment: round(((withIntakeSeconds - engineSeconds) * 1000) / N),
    },
    // More post attempts than payments means some were retried (a timeout under load), which the round waited for.
    postAttempts: attempts - WARMUP,
    // The client process (all its threads), its main thread (where the engine runs), and the simulator.
    cpuMsPerPayment: Object.fromEntries(
      (['baseline', 'engine'] as const).map((side) => [
        side,
        {
          client: round(cpu[side].own / N, 2),
          clientMainThread: round(cpu[side].main / N, 2),
          simulator: round(cpu[side].sim / N, 2),
          // Time the simulator's threads were ready to run but waited for a core: what the client's own
          // threads cost the server they share the machine with.
          simulatorWaitingForCpu: round(cpu[side].simWaiting / N, 3),
        },
      ]),
    ),
  });
}

/**
 * Time a process's threads have spent ready to run but waiting for a CPU, from /proc/<pid>/task/<tid>/schedstat
 * (its second field, in nanoseconds; Linux with schedstats; 0 elsewhere).
 */
function runQueueWaitMs(pid: number): number {
  try {
    return readdirSync(`/proc/${String(pid)}/task`).reduce((sum, tid) => {
      try {
        return (
          sum + Number(readFileSync(`/proc/${String(pid)}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e6
        );
      } catch {
        return sum; // the thread ended meanwhile
      }
    }, 0);
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a child process has used so far, from /proc (Linux; 0 elsewhere). */
function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Starts bench/posting/sim-process.ts (same world, same credentials) and reads its address line. */
async function startSimProcess(dataDir: string) {
  const child = spawn(process.execPath, [join(__dirname, 'bench-sim.cjs'), dataDir, String(LATENCY)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const address = JSON.parse(line) as {
    baseUrl: string;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
  };
  return { ...address, child };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench posting: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
