import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { queueRepository } from '../../../src/main/store/repositories/queue';
import { QueueQuery } from '../../../src/shared/commands/console';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { SANDBOX_CONNECTION_IDS, startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { envelope, KEY, KEY_ID, payload, signedHeaders, WEBHOOK_ID } from '../intake/webhook-helper';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
const simulators: RunningSandbox[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const sims of simulators.splice(0)) await sims.stop();
});

function post(port: number, path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...headers, Host: 'payments.hospital.example' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a payment from the processor to the EHR, through serve mode and the simulators', () => {
  it('refuses an unsigned webhook and stores nothing, then posts a signed one to Epic', async () => {
    // A real webhook subscription keeps Clearpost's own sandbox off (a real payment is never posted to it):
    // the simulators run here, and Clearpost reaches them as configured (real) connections.
    const sims = await startSandbox();
    simulators.push(sims);
    const s = await startServe({
      dataDir: tempDir(),
      port: 0,
      rendererDir: null,
      sandbox: { traffic: false },
      connections: sims.connections,
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
    });
    running.push(s);
    expect(s.app.sandbox).toBeNull();
    const epic = sims.epic;
    const guarantor = sims.world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null)!;
    const body = envelope(
      payload({
        merchantDefinedInformation: [
          { key: 'guarantorAccount', value: guarantor.account },
          { key: 'facility', value: guarantor.facility },
          { key: 'ehr', value: 'Epic' },
        ],
      }),
    );
    const raw = JSON.stringify(body);

    const unsigned = await post(s.port, '/webhooks/cybersource', raw, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect(s.app.repos.events.count()).toBe(0);

    const forged = await post(
      s.port,
      '/webhooks/cybersource',
      raw,
      signedHeaders(body, Date.now(), { key: Buffer.from('not the key').toString('base64') }),
    );
    expect(forged.status).toBe(401);
    expect(s.app.repos.events.count()).toBe(0);

    const signed = await post(s.port, '/webhooks/cybersource', raw, signedHeaders(body, Date.now()));
    expect(signed.status).toBe(200);
    expect(JSON.parse(signed.body)).toMatchObject({ ok: true, outcome: 'stored' });
    // Redelivery of the same event: answered 2xx, stored once.
    const again = await post(s.port, '/webhooks/cybersource', raw, signedHeaders(body, Date.now()));
    expect(again.status).toBe(200);
    expect(s.app.repos.events.count()).toBe(1);

    await until(() => epic.ledger.postings().length === 1, 'the posting in the Epic ledger');
    await s.app.engine.waitForIdle();
    const [row] = queueRepository(s.app.store.db).list(QueueQuery.parse({ statuses: ['success'] })).rows;
    expect(row).toMatchObject({
      status: 'success',
      ehr: 'epic',
      amountMinor: 12_550,
      guarantorAccount: guarantor.account,
    });
    const posting = s.app.repos.postings.get(row!.postingId)!;
    expect(posting.connectionId).toBe(SANDBOX_CONNECTION_IDS.epic);
    expect(posting.ehrReference).toBe(epic.ledger.postings()[0]!.ehrReference);
  });

  it('clearpost import queues a report’s payments; the running engine posts them', async () => {
    const dataDir = tempDir();
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [
        'import',
        'test/fixtures/intake/transaction-request.csv',
        '--facility',
        'RIVERSIDE',
        '--ehr',
        'epic',
        '--data-dir',
        dataDir,
      ],
      { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    );
    // Notes in words about rows that cannot post as they are (no card last 4 in the report) are not errors.
    expect(err.filter((l) => !l.startsWith('clearpost import: note: '))).toEqual([]);
    expect(code).toBe(0);
    const summary = JSON.parse(out[0]!) as {
      rows: number;
      imported: number;
      quarantined: number;
      duplicates: number;
    };
    expect(summary.rows).toBe(summary.imported + summary.quarantined + summary.duplicates);
    expect(summary.imported).toBeGreaterThan(0);

    const again: string[] = [];
    await runCli(
      [
        'import',
        'test/fixtures/intake/transaction-request.csv',
        '--facility',
        'RIVERSIDE',
        '--ehr',
        'epic',
        '--data-dir',
        dataDir,
      ],
      {
        stdout: (l) => again.push(l),
        stderr: () => undefined,
      },
    );
    expect(JSON.parse(again[0]!)).toMatchObject({ imported: 0 });

    // A folder that holds real payments runs with the sandbox off (it would refuse to start it here: no
    // settings.json).
    const s = await startServe({ dataDir, port: 0, rendererDir: null, sandbox: false });
    running.push(s);
    await until(
      () => s.app.repos.postings.countsByStatus().reduce((n, c) => n + c.count, 0) === summary.imported,
      'postings for every imported event',
    );
    const queued = s.app.store.db.prepare('SELECT count(*) FROM admission_queue').pluck().get();
    expect(queued).toBe(0);
  });
});
