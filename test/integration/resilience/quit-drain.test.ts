/**
 * Item 6 of issue 19: quitting drains. The Electron host's `will-quit` calls `createQuitDrain` (there is no
 * Electron binary here, so the function is driven with an event object of the same shape); serve mode's
 * SIGTERM is sent to a real `clearpost serve` process while the sandbox's Epic is answering slowly. In both,
 * no payment may be left in flight, or put to verification, by the quit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { createQuitDrain, drainWithin } from '../../../src/main/shutdown';
import { configureConnections } from '../../helpers/real-connections';
import { useTempDirs } from '../../helpers/temp-dir';
import { envelope, KEY, KEY_ID, payload, signedHeaders, WEBHOOK_ID } from '../intake/webhook-helper';

const ROOT = join(__dirname, '..', '..', '..');
const tempDir = useTempDirs();
// The simulators a test started (Clearpost reaches them as real connections); stopped after each test.
let sims: RunningSandbox | null = null;
afterEach(async () => {
  await sims?.stop();
  sims = null;
});

const guarantor = (() => {
  const found = createSandboxWorld(7).guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null);
  if (!found) throw new Error('the sandbox world has no Epic guarantor');
  return found;
})();

function webhook(n: number): { body: string; headers: Record<string, string> } {
  const body = envelope(
    payload({
      id: `88${String(n).padStart(20, '0')}`,
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: guarantor.account },
        { key: 'facility', value: guarantor.facility },
        { key: 'ehr', value: 'Epic' },
      ],
      clientReferenceInformation: { code: `HB-QUIT-${String(n)}` },
      orderInformation: { amountDetails: { totalAmount: `${String(20 + n)}.10`, currency: 'USD' } },
    }),
    { transactionTraceId: `trace-quit-${String(n)}` },
  );
  return { body: JSON.stringify(body), headers: signedHeaders(body, Date.now()) };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** What the quit left in the database, read from the file after the process (or app) is gone. */
function leftOver(database: string) {
  const db = new BetterSqlite3(database, { readonly: true });
  try {
    const byStatus = Object.fromEntries(
      (
        db.prepare('SELECT status, count(*) AS n FROM postings GROUP BY status').all() as {
          status: string;
          n: number;
        }[]
      ).map((r) => [r.status, r.n]),
    );
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const openAttempts = count('SELECT count(*) AS n FROM attempts WHERE finished_at IS NULL');
    const events = count('SELECT count(*) AS n FROM payment_events');
    // Stored but not yet routed: admitted at the next start.
    const queued = count('SELECT count(*) AS n FROM admission_queue');
    return { byStatus, openAttempts, events, queued };
  } finally {
    db.close();
  }
}

describe('drainWithin', () => {
  it('gives up at the bound on a close that never ends, and says so', async () => {
    const hung = () => new Promise<void>(() => undefined);
    expect(await drainWithin(hung, 20)).toEqual({ drained: false, reason: 'bound_passed' });
  });

  it('reports a close that failed, and one that finished', async () => {
    expect(await drainWithin(() => Promise.reject(new Error('disk gone')), 5_000)).toEqual({
      drained: false,
      reason: 'close_failed',
    });
    expect(await drainWithin(() => Promise.resolve(), 5_000)).toEqual({ drained: true });
  });
});

describe('createQuitDrain (the Electron host’s will-quit)', () => {
  let app: ClearpostApp | null = null;
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    app = null;
  });

  it('exits 1 when the bound passes, and a second signal while draining exits at once', async () => {
    const exits: number[] = [];
    const quit = createQuitDrain({
      close: () => new Promise<void>(() => undefined),
      exit: (code) => exits.push(code),
      boundMs: 20,
    });
    let prevented = 0;
    quit.onQuitEvent({ preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);
    expect(await quit.draining).toEqual({ drained: false, reason: 'bound_passed' });
    expect(exits).toEqual([1]);
    // After the exit a later quit event is let through.
    quit.onQuitEvent({ preventDefault: () => (prevented += 1) });
    expect(prevented).toBe(1);

    const insisted: number[] = [];
    const twice = createQuitDrain({
      close: () => new Promise<void>(() => undefined),
      exit: (code) => insisted.push(code),
      boundMs: 60_000,
    });
    twice.onSignal('SIGINT');
    twice.onSignal('SIGINT');
    expect(insisted).toEqual([1]);
  });

  it('holds the quit until payments in flight are answered and recorded, then exits 0', async () => {
    const dataDir = tempDir();
    // Real (signed) webhooks keep Clearpost's own sandbox off: the simulators run here as real connections.
    sims = await startSandbox();
    app = await createApp({
      dataDir,
      mode: 'test',
      connections: sims.connections,
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
    });
    const running = app;
    sims.epic.faults.configure({ latencyMs: 400 });
    for (let n = 1; n <= 6; n += 1) {
      const { body, headers } = webhook(n);
      expect((await running.intake.webhook(body, headers)).status).toBe(200);
    }
    await until(() => running.repos.postings.countsByStatus().some((c) => c.status === 'in_flight'));

    const exits: number[] = [];
    let prevented = false;
    const quit = createQuitDrain({ close: () => running.close(), exit: (code) => exits.push(code) });
    quit.onQuitEvent({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    // Nothing exits before the drain is over.
    expect(exits).toEqual([]);
    expect(await quit.draining).toEqual({ drained: true });
    expect(exits).toEqual([0]);
    app = null;

    const after = leftOver(join(dataDir, 'clearpost.sqlite'));
    expect(after.openAttempts).toBe(0);
    expect(after.byStatus.in_flight).toBeUndefined();
    expect(after.byStatus.needs_verification).toBeUndefined();
    expect(after.byStatus.success).toBeGreaterThan(0);
  });
});

describe('serve mode on SIGTERM', () => {
  // The spawned command is the built one, built once for the run by test/global-build.ts.

  let child: ChildProcess | null = null;
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    child = null;
  });

  it('drains the engine while payments post, exits 0, and leaves nothing in flight or to verify', async () => {
    const dataDir = tempDir();
    // Real (signed) webhooks keep Clearpost's own sandbox off: the simulators run here, configured in the
    // folder's settings (and vault) as real connections, as an administrator would.
    sims = await startSandbox();
    await configureConnections(dataDir, sims.connections);
    const epic = sims.epic;
    const serve = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'clearpost.js'),
        'serve',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--no-traffic',
        '--webhook-key',
        KEY,
        '--webhook-key-id',
        KEY_ID,
        '--webhook-id',
        WEBHOOK_ID,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = serve;
    let stderr = '';
    serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
    const origin = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      serve.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const consoleUrl = /^Clearpost console: (http:\/\/127\.0\.0\.1:\d+)\//m.exec(stdout)?.[1];
        if (consoleUrl) resolve(consoleUrl);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${String(code)}: ${stderr}`)));
    });

    // Slow answers from the simulated Epic, so the signal lands while payments are being sent.
    const slow = await fetch(`${epic.origin}/_sim/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ latencyMs: 700 }),
    });
    expect(slow.status).toBe(200);
    for (let n = 1; n <= 8; n += 1) {
      const { body, headers } = webhook(n);
      const res = await fetch(`${origin}/webhooks/cybersource`, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
    }
    const database = join(dataDir, 'clearpost.sqlite');
    await until(() => (leftOver(database).byStatus.in_flight ?? 0) > 0);

    serve.kill('SIGTERM');
    expect(await exited).toBe(0);

    const after = leftOver(database);
    expect(after.openAttempts).toBe(0);
    expect(after.byStatus.in_flight).toBeUndefined();
    expect(after.byStatus.needs_verification).toBeUndefined();
    // What was in flight was answered and recorded; nothing was lost (the rest waits for the next start).
    expect(after.byStatus.success).toBeGreaterThan(0);
    // Every accepted webhook is stored, and is a posting or waits in the admission queue (a webhook answered
    // just before the signal may not have been routed yet).
    expect(after.events).toBe(8);
    expect(Object.values(after.byStatus).reduce((a, b) => a + b, 0) + after.queued).toBe(8);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
