/**
 * Issue 20 item 7: whatever a stranger sends to serve mode costs a 4xx, never a 500 or a reset connection.
 * Each case is a reproduction from the issue, against the real HTTP server on loopback.
 */
import ExcelJS from 'exceljs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { envelope, KEY, KEY_ID, signedHeaders, WEBHOOK_ID } from '../intake/webhook-helper';
import { consoleHeaders, createFirstSupervisor } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.close();
});

async function serve(): Promise<RunningServe> {
  const started = await startServe({
    dataDir: tempDir(),
    port: 0,
    rendererDir: null,
    sandbox: false,
    webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
  });
  running.push(started);
  // Every console command needs a signed-in session: the first supervisor's.
  const session = await createFirstSupervisor(`http://127.0.0.1:${String(started.port)}`, started.token);
  sessions.set(started, session.sessionId);
  return started;
}
const sessions = new WeakMap<RunningServe, string>();

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** A raw request; a reset connection rejects, so "got an answer" is itself asserted. */
function send(port: number, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const api = (s: RunningServe) => consoleHeaders(s.token, sessions.get(s));

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function nothingStored(s: RunningServe): void {
  expect(s.app.repos.events.count()).toBe(0);
  expect(s.app.repos.quarantine.openCount()).toBe(0);
}

describe('the webhook receiver refuses strangers before parsing', () => {
  it('answers 401 to a 400,000-level nested body signed with an unknown key id', async () => {
    const s = await serve();
    const body = `{"payload":${nested(400_000)}}`;
    const headers = signedHeaders({ payload: [] }, Date.now(), { keyId: 'not-configured' });
    const answer = await send(
      s.port,
      '/webhooks/cybersource',
      { ...headers, 'Content-Type': 'application/json' },
      body,
    );
    expect(answer).toEqual({
      status: 401,
      json: expect.objectContaining({ outcome: 'unknown_key' }) as unknown,
    });
    // Not even read as JSON: text that is not JSON at all gets the same 401, not a 400 about its form.
    const notJson = await send(s.port, '/webhooks/cybersource', headers, '{"payload": nope');
    expect(notJson).toEqual({
      status: 401,
      json: expect.objectContaining({ outcome: 'unknown_key' }) as unknown,
    });
    nothingStored(s);
  });

  it('answers 400 to the same body under a known key id (the signature cannot be checked without parsing)', async () => {
    const s = await serve();
    const body = `{"payload":${nested(400_000)}}`;
    const headers = signedHeaders({ payload: [] }, Date.now());
    const answer = await send(
      s.port,
      '/webhooks/cybersource',
      { ...headers, 'Content-Type': 'application/json' },
      body,
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ ok: false, outcome: 'too_deep' });
    nothingStored(s);
  });

  it('answers 413 with a JSON reason to a body over 1 MiB, and keeps serving', async () => {
    const s = await serve();
    const big = JSON.stringify(envelope({ filler: 'x'.repeat(2 * 1024 * 1024) }));
    const headers = signedHeaders({ payload: [] }, Date.now());
    const answer = await send(s.port, '/webhooks/cybersource', headers, big);
    expect(answer).toEqual({
      status: 413,
      json: expect.objectContaining({ outcome: 'body_too_large' }) as unknown,
    });
    nothingStored(s);
    const ok = envelope();
    const stored = await send(
      s.port,
      '/webhooks/cybersource',
      signedHeaders(ok, Date.now()),
      JSON.stringify(ok),
    );
    expect(stored.status).toBe(200);
  });
});

describe('the console API refuses malformed requests with 4xx', () => {
  it('answers 400 to a stray % in /api/<command>', async () => {
    const s = await serve();
    const answer = await send(s.port, '/api/app.info%', api(s), '{}');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    const percentE0 = await send(s.port, '/api/%E0%A4%A', api(s), '{}');
    expect(percentE0.status).toBe(400);
  });

  it('answers 400 to settings.save nested 5,000 deep, and the settings are unchanged', async () => {
    const s = await serve();
    const before = s.app.settings.get();
    const body = `{"access":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const answer = await send(s.port, '/api/settings.save', api(s), body);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: expect.stringContaining('nests deeper than 64') as string,
      },
    });
    expect(s.app.settings.get()).toEqual(before);
  });

  it('answers 413 with a JSON error to a body over the limit instead of resetting the connection', async () => {
    const s = await serve();
    const answer = await send(
      s.port,
      '/api/app.info',
      api(s),
      JSON.stringify({ x: 'y'.repeat(3 * 1024 * 1024) }),
    );
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', message: 'The request body is larger than 1 MiB' },
    });
    // The sign-in route has its own small limit: a 1 MB user name is refused unread.
    const signIn = await send(
      s.port,
      '/auth/sign-in',
      api(s),
      JSON.stringify({ username: 'u'.repeat(1024 * 1024), password: 'p' }),
    );
    expect(signIn.status).toBe(413);
    const info = await send(s.port, '/api/app.info', api(s), '{}');
    expect(info.status).toBe(200);
  });

  it('inspects an XLSX file larger than 1 MiB (the console sends XLSX files whole)', async () => {
    const s = await serve();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Export');
    sheet.addRow(['Txn Ref', 'Paid', 'Card']);
    // Random text does not compress, so the zip stays large.
    for (let i = 0; i < 40_000; i += 1)
      sheet.addRow([`X-${String(i)}-${Math.random().toString(36).slice(2)}`, i, Math.random().toString(36)]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(content.length).toBeGreaterThan(1024 * 1024);
    const answer = await send(
      s.port,
      '/api/imports.inspect',
      api(s),
      JSON.stringify({ fileName: 'large.xlsx', contentBase64: content.toString('base64') }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      ok: true,
      result: { fileType: 'xlsx', headers: ['Txn Ref', 'Paid', 'Card'] },
    });
  });
});
