/**
 * Item 4 of issue 19 on a real full disk: serve mode runs with its data folder on a small tmpfs, payments
 * arrive as signed webhooks over loopback HTTP and post to the sandbox's simulated Epic, and the disk is
 * filled while they post. Intake answers 503 and keeps everything it acknowledged, the app's health says
 * the disk is full, the engine lives through failed commits, and all of it recovers once space is freed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app';
import { runCli } from '../../../src/main/cli';
import { startSandbox } from '../../../src/main/sandbox';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { callAs, createFirstSupervisor, type ConsoleSession } from '../../helpers/serve-session';
import { StoreError } from '../../../src/main/store/store-error';
import type { AppHealth } from '../../../src/shared/contract';
import { envelope, KEY, KEY_ID, payload, signedHeaders, WEBHOOK_ID } from '../intake/webhook-helper';
import { fillDisk, mountSmallDisk, unmountSmallDisk } from './small-disk';

const disk = mountSmallDisk('24m');
const skipReason = 'skipReason' in disk ? disk.skipReason : null;
if (skipReason) process.stdout.write(`full-disk tests skipped: ${skipReason}\n`);
afterAll(() => unmountSmallDisk(disk));

interface Delivery {
  readonly n: number;
  readonly body: string;
}

/** A payment for one of the sandbox world's Epic guarantors, so the simulated Epic accepts it. */
interface Guarantor {
  readonly account: string;
  readonly facility: string;
}

function delivery(n: number, guarantor: Guarantor): Delivery {
  const id = `99${String(n).padStart(20, '0')}`;
  const body = envelope(
    payload({
      id,
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: guarantor.account },
        { key: 'facility', value: guarantor.facility },
        { key: 'ehr', value: 'Epic' },
      ],
      clientReferenceInformation: { code: `HB-FULL-${String(n)}` },
      orderInformation: { amountDetails: { totalAmount: `${String(10 + n)}.25`, currency: 'USD' } },
    }),
    { transactionTraceId: `trace-full-${String(n)}` },
  );
  return { n, body: JSON.stringify(body) };
}

async function send(serve: RunningServe, d: Delivery): Promise<{ status: number; outcome: string }> {
  const body = JSON.parse(d.body) as { payload?: unknown };
  const res = await fetch(`http://127.0.0.1:${String(serve.port)}/webhooks/cybersource`, {
    method: 'POST',
    headers: signedHeaders(body, Date.now()),
    body: d.body,
  });
  const answer = (await res.json()) as { outcome: string };
  return { status: res.status, outcome: answer.outcome };
}

const sessions = new WeakMap<RunningServe, ConsoleSession>();

/** `app.health` as a signed-in console sees it (serve mode needs a session: the first supervisor's). */
async function health(serve: RunningServe): Promise<AppHealth> {
  let session = sessions.get(serve);
  if (!session) {
    session = await createFirstSupervisor(`http://127.0.0.1:${String(serve.port)}`, serve.token);
    sessions.set(serve, session);
  }
  const { body } = await callAs(session, 'app.health');
  return body.result as AppHealth;
}

/** Polls `check` until it holds; bounded by the test's own timeout, not a threshold on speed. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe.skipIf(skipReason !== null)('a full data disk', () => {
  const dir = 'dir' in disk ? disk.dir : '';

  it('refuses new payments with 503, keeps every acknowledged one, and recovers when space returns', async () => {
    const dataDir = join(dir, 'data');
    // A data folder that already holds a database, for a start on the full disk further down.
    const existing = join(dir, 'existing');
    await (await createApp({ dataDir: existing, mode: 'test', sandbox: false })).close();
    // Real (signed) webhooks keep Clearpost's own sandbox off: the simulators run here, their ledgers on the
    // same small disk, and Clearpost reaches them as configured connections.
    const sims = await startSandbox({ dataDir: join(dir, 'simulators') });
    const serve = await startServe({
      dataDir,
      port: 0,
      rendererDir: null,
      sandbox: false,
      connections: sims.connections,
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
      // A short lease: a settlement the full disk refused is taken up again soon (checked with the EHR first).
      // The simulated Epic keeps its ledger on the same disk, so it fails too and opens the breaker: let it
      // probe again soon.
      engine: {
        leaseMs: 1_500,
        pollMs: 50,
        backoff: { backoffBaseMs: 50, backoffMaxMs: 200 },
        endpoint: { breaker: { failures: 5, halfOpenAfterMs: 500 } },
      },
    });
    // Signed in before the disk fills (creating the account writes the database).
    await health(serve);
    const pushed: AppHealth[] = [];
    serve.app.bus.subscribe((event, body) => {
      if (event === 'app.health') pushed.push(body as AppHealth);
    });
    const epic = sims.epic;
    const guarantor = sims.world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null);
    if (!guarantor) throw new Error('the sandbox world has no Epic guarantor');
    const acknowledged: Delivery[] = [];
    const filler = join(dir, 'filler');
    try {
      // Slow answers, so payments are in flight when the disk fills and their settlements are refused.
      epic.faults.configure({ latencyMs: 300 });
      for (let n = 1; n <= 6; n += 1) {
        const d = delivery(n, guarantor);
        expect(await send(serve, d)).toEqual({ status: 200, outcome: 'stored' });
        acknowledged.push(d);
      }
      await until(() => serve.app.engine.status().inFlight > 0);

      fillDisk(filler);
      // What the WAL had room for may still be stored (and then acknowledged); the first refusal comes soon.
      let refused: Delivery | null = null;
      for (let n = 100; n < 400 && refused === null; n += 1) {
        const d = delivery(n, guarantor);
        const answer = await send(serve, d);
        if (answer.status === 200) acknowledged.push(d);
        else {
          expect(answer).toEqual({ status: 503, outcome: 'disk_full' });
          refused = d;
        }
      }
      if (!refused) throw new Error('the full disk never refused a webhook');
      // Still refused, and still answering: the service did not end. A delivery alone may still find room a
      // batch did not (the refused batch's pages were given back): stored then, it is acknowledged like any.
      for (let n = 400; ; n += 1) {
        const answer = await send(serve, refused);
        if (answer.status !== 200) {
          expect(answer).toEqual({ status: 503, outcome: 'disk_full' });
          break;
        }
        expect(answer).toEqual({ status: 200, outcome: 'stored' });
        acknowledged.push(refused);
        refused = delivery(n, guarantor);
        if (n > 700) throw new Error('the full disk stopped refusing webhooks');
      }
      const full = await health(serve);
      expect(full.diskFull).toMatchObject({ folder: dataDir });
      expect(full.log?.file).toBe(join(dataDir, 'logs', 'clearpost.log'));
      // Each refusal is logged; once the log file's last page is used up its lines are dropped, counted, and
      // the refusals go on.
      // As above, a delivery may still find room a checkpoint or a settlement gave back: stored, acknowledged.
      for (let i = 0; i < 200 && ((await health(serve)).log?.droppedLines ?? 0) === 0; i += 1) {
        const answer = await send(serve, refused);
        if (answer.status === 200) {
          expect(answer).toEqual({ status: 200, outcome: 'stored' });
          acknowledged.push(refused);
          refused = delivery(1_000 + i, guarantor);
          continue;
        }
        expect(answer).toEqual({ status: 503, outcome: 'disk_full' });
      }
      expect((await health(serve)).log).toMatchObject({ lastError: 'ENOSPC' });
      expect((await health(serve)).log?.droppedLines).toBeGreaterThan(0);
      await until(() => pushed.some((h) => h.diskFull !== null));

      // A start on the full disk says so in one sentence naming the folder, for a new data folder…
      const elsewhere = join(dir, 'another-folder');
      const refusedStart = createApp({ dataDir: elsewhere, mode: 'test', sandbox: false });
      await expect(refusedStart).rejects.toBeInstanceOf(StoreError);
      await expect(refusedStart).rejects.toMatchObject({
        code: 'disk_full',
        message: `The disk holding Clearpost's data folder ${elsewhere} is full: free space on it, then start Clearpost again.`,
      });

      // Also where the database exists: SQLite then says "disk I/O error", never to be taken for damage.
      await expect(createApp({ dataDir: existing, mode: 'test', sandbox: false })).rejects.toMatchObject({
        code: 'disk_full',
        message: `The disk holding Clearpost's data folder ${existing} is full: free space on it, then start Clearpost again.`,
      });

      // And so does the command line, with no stack: the StoreError's message is the whole answer.
      const printed: string[] = [];
      const code = await runCli(['serve', '--port', '0', '--data-dir', elsewhere, '--ehr-sandbox', 'off'], {
        stdout: (line) => printed.push(line),
        stderr: (line) => printed.push(line),
      });
      expect(code).toBe(1);
      expect(printed).toEqual([
        `clearpost: The disk holding Clearpost's data folder ${elsewhere} is full: free space on it, then start Clearpost again.`,
      ]);

      // Let the engine meet the full disk for a while (claims and settlements refused), then free space.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      rmSync(filler);
      epic.faults.clear();

      // The folder refused at start-up starts now, as it was (nothing was moved aside as damaged).
      const restarted = await createApp({ dataDir: existing, mode: 'test', sandbox: false });
      expect(restarted.recovery).toBeNull();
      await restarted.close();

      expect(await send(serve, refused)).toEqual({ status: 200, outcome: 'stored' });
      acknowledged.push(refused);
      await until(async () => (await health(serve)).diskFull === null);
      await until(() => pushed.at(-1)?.diskFull === null);

      // Every acknowledged payment is posted, once.
      await until(
        () =>
          serve.app.repos.postings
            .countsByStatus()
            .reduce((sum, c) => sum + (c.status === 'success' ? c.count : 0), 0) === acknowledged.length,
      );
    } finally {
      rmSync(filler, { force: true });
      await serve.close();
      await sims.stop();
    }

    const db = new BetterSqlite3(join(dataDir, 'clearpost.sqlite'), { readonly: true });
    const events = db.prepare('SELECT processor_txn_id AS txn FROM payment_events ORDER BY id').all() as {
      txn: string;
    }[];
    expect(events.map((e) => e.txn).sort()).toEqual(
      acknowledged.map((d) => `99${String(d.n).padStart(20, '0')}`).sort(),
    );
    const statuses = db.prepare('SELECT status, count(*) AS n FROM postings GROUP BY status').all();
    expect(statuses).toEqual([{ status: 'success', n: acknowledged.length }]);
    db.close();
    const ledger = new BetterSqlite3(join(dir, 'simulators', 'sandbox', 'epic-ledger.sqlite'), {
      readonly: true,
    });
    const perPayment = ledger
      .prepare('SELECT external_id, count(*) AS n FROM postings GROUP BY external_id')
      .all() as { n: number }[];
    ledger.close();
    expect(perPayment).toHaveLength(acknowledged.length);
    expect(perPayment.every((p) => p.n === 1)).toBe(true);
  }, 120_000);
});
