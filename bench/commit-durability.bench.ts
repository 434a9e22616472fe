/**
 * Micro-benchmark (issue 19, item 7): what a durable commit costs under each way of making it durable.
 * Every write is one ~300-byte row with an index entry (the size of an attempt record), and its caller waits
 * until it is durable. `LANES` callers at a time, each waiting for its write before sending the next, as the
 * engine's posting lanes wait for "recorded before sending". For each protocol and lane count:
 *
 *   - writer-thread: the app's protocol (store/writer-thread.ts, writer-runtime.ts): the writes of a turn sent
 *     as messages to a worker thread with its own connection at FULL, run there in one transaction, each
 *     caller answered after its COMMIT returned;
 *   - full-each: one transaction per write at synchronous = FULL on the engine's thread (SQLite's own
 *     guarantee, nothing shared);
 *   - full-grouped: the writes of a turn in one transaction at FULL on the engine's thread (SQLite's guarantee,
 *     the same batching, the fsync blocking the thread);
 *   - worker-full: the writes of a turn sent to a worker thread with its own connection at FULL, one batch in
 *     flight at a time, the rest accumulating meanwhile (SQLite's guarantee, the engine's thread free).
 *
 * Figures: durable writes per second, latency from asking to hearing (p50, p95), and the engine thread's busy
 * time per write (event-loop utilisation: the time this thread could not be parsing HTTP answers). The line's
 * value is writer-thread's throughput at the largest lane count; the baseline the best of the alternatives
 * there.
 *
 * The round before (issue 19, item 7) measured the protocol the app had then, "group-commit": the writes of a
 * turn in one transaction on the engine's connection at synchronous = NORMAL, then one fdatasync of the WAL on
 * libuv's thread pool before the callers heard. At 32 lanes it made 22,287 durable writes/s against
 * worker-full's 48,387 on the same machine, so by the rule (keep a custom sync only if it is much
 * faster) it was replaced by the writer thread. Those figures are printed beside this run's (`before`). Each figure is the median of ROUNDS runs, the protocols taking turns. The numbers are for this
 * machine's disk and load (print `uptime` beside them): a benchmark, not a test.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/commit-durability.bench.ts
 *   WRITES=20000 npx vitest run --config bench/vitest.bench.config.ts bench/commit-durability.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { it } from 'vitest';
import { bundledFromSource } from '../src/main/lib/worker-script';
import { WriterThread } from '../src/main/store/writer-thread';
import { percentile, report, round, size } from './lib/report';

const WRITES = size(3_000, 20_000, 'WRITES');
const LANE_COUNTS = [1, 8, 32];
const ROUNDS = size(3, 5, 'ROUNDS');
const SCHEMA = `CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY, posting_id INTEGER NOT NULL, state TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS attempts_posting ON attempts (posting_id)`;
const INSERT = 'INSERT INTO attempts (posting_id, state, body) VALUES (?, ?, ?)';
const body = 'x'.repeat(280);

/** A write: one row. `write` resolves once it is durable. */
interface Protocol {
  write(n: number): Promise<void>;
  close(): Promise<void>;
}

function openDb(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -32768');
  db.exec(SCHEMA);
  return db;
}

function writerThread(path: string): Protocol {
  const db = openDb(path);
  const entry = fileURLToPath(new URL('./commit-durability-worker.ts', import.meta.url));
  const writer = new WriterThread({
    db,
    script: () => bundledFromSource(entry, 'commit-durability-worker'),
  });
  return {
    write: async (n) => {
      await writer.run('insert', [n, body]);
    },
    close: async () => {
      await writer.drain();
      db.close();
    },
  };
}

function fullEach(path: string): Protocol {
  const db = openDb(path);
  const insert = db.prepare(INSERT);
  const one = db.transaction((n: number) => insert.run(n, 'in_flight', body));
  return {
    write: (n) => {
      one.immediate(n);
      return Promise.resolve();
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/** Batches the writes of one turn and hands each batch to `commit`; one batch in flight at a time. */
function batching(commit: (batch: readonly number[]) => Promise<void>) {
  let queue: { n: number; done: () => void; fail: (e: unknown) => void }[] = [];
  let busy = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (busy || queue.length === 0) return;
    const batch = queue;
    queue = [];
    busy = true;
    commit(batch.map((w) => w.n))
      .then(
        () => batch.forEach((w) => w.done()),
        (error: unknown) => batch.forEach((w) => w.fail(error)),
      )
      .finally(() => {
        busy = false;
        flush();
      });
  };
  return (n: number) =>
    new Promise<void>((done, fail) => {
      queue.push({ n, done, fail });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

function fullGrouped(path: string): Protocol {
  const db = openDb(path);
  const insert = db.prepare(INSERT);
  const all = db.transaction((batch: readonly number[]) => {
    for (const n of batch) insert.run(n, 'in_flight', body);
  });
  return {
    write: batching((batch) => {
      all.immediate(batch);
      return Promise.resolve();
    }),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

// CommonJS in a worker: its own connection at FULL commits each batch it is sent and answers with its id.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('cache_size = -32768');
const insert = db.prepare(workerData.insert);
const all = db.transaction((batch) => { for (const n of batch) insert.run(n, 'in_flight', workerData.body); });
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try { all.immediate(message.batch); parentPort.postMessage({ id: message.id, ok: true }); }
  catch (error) { parentPort.postMessage({ id: message.id, ok: false, error: String(error && error.message) }); }
});
`;

function workerFull(path: string): Protocol {
  openDb(path).close(); // the schema, before the worker opens it
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, insert: INSERT, body },
  });
  const waiting = new Map<number, { done: () => void; fail: (e: Error) => void }>();
  worker.on('message', (answer: { id: number; ok: boolean; error?: string }) => {
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.ok) w?.done();
    else w?.fail(new Error(answer.error ?? 'the worker failed'));
  });
  let nextId = 0;
  return {
    write: batching(
      (batch) =>
        new Promise<void>((done, fail) => {
          const id = (nextId += 1);
          waiting.set(id, { done, fail });
          worker.postMessage({ id, batch });
        }),
    ),
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

const PROTOCOLS = {
  'writer-thread': writerThread,
  'full-each': fullEach,
  'full-grouped': fullGrouped,
  'worker-full': workerFull,
} as const;
type ProtocolName = keyof typeof PROTOCOLS;

interface Figures {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** The engine thread's busy time per durable write. */
  readonly threadUsPerWrite: number;
}

async function measure(name: ProtocolName, lanes: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-commit-'));
  try {
    const protocol = PROTOCOLS[name](join(dir, 'clearpost.sqlite'));
    // A short warm-up (file growth, the first WAL sync with its folder sync), not counted.
    for (let i = 0; i < 50; i += 1) await protocol.write(-i);
    const latencies: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < WRITES) {
        const n = (next += 1);
        const asked = performance.now();
        await protocol.write(n);
        latencies.push(performance.now() - asked);
      }
    };
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    await Promise.all(Array.from({ length: lanes }, lane));
    const ms = performance.now() - started;
    const busy = performance.eventLoopUtilization(elu);
    await protocol.close();
    return {
      perSecond: round((WRITES * 1000) / ms, 0),
      p50Ms: round(percentile(latencies, 50), 3),
      p95Ms: round(percentile(latencies, 95), 3),
      threadUsPerWrite: round((busy.active * 1000) / WRITES, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of each figure over the rounds (the machine's disk is shared: rounds interleave protocols). */
function median(rounds: readonly Figures[]): Figures {
  const mid = (pick: (f: Figures) => number) => percentile(rounds.map(pick), 50);
  return {
    perSecond: mid((f) => f.perSecond),
    p50Ms: mid((f) => f.p50Ms),
    p95Ms: mid((f) => f.p95Ms),
    threadUsPerWrite: mid((f) => f.threadUsPerWrite),
  };
}

it(`durable commits: ${String(WRITES)} writes per protocol, lane count and round`, async () => {
  const names = Object.keys(PROTOCOLS) as ProtocolName[];
  const results: Record<string, Record<string, Figures>> = {};
  for (const lanes of LANE_COUNTS) {
    const rounds = new Map<ProtocolName, Figures[]>(names.map((n) => [n, []]));
    // Interleaved, so that a slow spell of the shared disk does not fall on one protocol only.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of names) {
        const figures = await measure(name, lanes);
        rounds.get(name)!.push(figures);
        process.stderr.write(
          `lanes ${String(lanes)} round ${String(round)} ${name}: ${JSON.stringify(figures)}\n`,
        );
      }
    }
    results[`lanes-${String(lanes)}`] = Object.fromEntries(names.map((n) => [n, median(rounds.get(n)!)]));
  }
  const widest = results[`lanes-${String(LANE_COUNTS.at(-1))}`]!;
  const best = Math.max(
    ...Object.entries(widest)
      .filter(([name]) => name !== 'writer-thread')
      .map(([, f]) => f.perSecond),
  );
  report({
    name: 'commit-durability',
    value: widest['writer-thread']!.perSecond,
    unit: `durable writes per second, ${String(LANE_COUNTS.at(-1))} lanes (writer thread; medians of ${String(ROUNDS)} rounds)`,
    baseline: best,
    goal: 'informative: the lead compares the protocols (issue 19, item 7)',
    met: true,
    writes: WRITES,
    results,
    before: {
      note: 'the round before, 32 lanes, durable writes/s (the group commit then in the app, since removed)',
      'group-commit (NORMAL + fdatasync off-thread)': 22_287,
      'worker-full': 48_387,
    },
  });
});
