/**
 * Issue 20, item 2: a stored secret goes only to the endpoint it was typed for. A real HTTP listener and
 * a real SMTP server on loopback stand in for the address a supervisor points a connection at; they
 * record every request and every sign-in, and must receive no secret.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { startSandbox } from '../../../src/main/sandbox';
import { resolveMail } from '../../../src/main/settings/resolve-mail';
import { dispatchOk, silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const supervisor = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A listener on loopback that answers 200 to everything and keeps what it was sent. */
async function startRecorder() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"access_token":"t","token_type":"bearer","expires_in":300}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}`, received };
}

/** An SMTP server on loopback that signs anyone in and keeps the credentials it was sent. */
async function startSmtpRecorder() {
  const logins: { user: string; password: string }[] = [];
  let connections = 0;
  const server = new SMTPServer({
    allowInsecureAuth: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    port: (server.server.address() as AddressInfo).port,
    logins,
    connections: () => connections,
  };
}

async function withApp(): Promise<ClearpostApp> {
  const app = await testApp(tempDir());
  closers.push(() => app.close());
  return app;
}

const saveSettings = async (
  app: ClearpostApp,
  change: (s: Record<string, unknown>) => Record<string, unknown>,
) => {
  const current = app.settings.get() as unknown as Record<string, unknown>;
  const saved = await app.dispatch('settings.save', { settings: change(current) }, supervisor);
  expect(saved.ok).toBe(true);
  return saved;
};

const statusOf = async (app: ClearpostApp, name: string) =>
  (await dispatchOk(app, 'secrets.status', {}, supervisor)).find((s) => s.name === name);

describe('EHR client secrets are bound to their token URL', () => {
  async function setup() {
    const sandbox = await startSandbox({ logger: silentLogger });
    closers.push(() => sandbox.stop());
    const sim = sandbox.connections.find((c) => c.ehr === 'epic')!;
    const { clientSecret, ...rest } = sim;
    const connection = { ...rest, id: 'epic-sim', clientSecretRef: 'ehr.epic-sim.client-secret' };
    const recorder = await startRecorder();
    const app = await withApp();
    return { sandbox, clientSecret, connection, recorder, app };
  }

  it('the reproduction: a connection pointed at a local listener after the secret was saved sends it nothing', async () => {
    const { clientSecret, connection, recorder, app } = await setup();
    await saveSettings(app, (s) => ({ ...s, connections: [connection] }));
    expect(
      await app.dispatch(
        'secrets.set',
        { name: connection.clientSecretRef, value: clientSecret },
        supervisor,
      ),
    ).toMatchObject({ ok: true, result: { set: true, needsReentry: false } });
    expect(await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: true, stage: 'done' },
    });

    // The supervisor points the saved connection at a listener of their own.
    const evil = { ...connection, tokenUrl: `${recorder.url}/token`, baseUrl: recorder.url };
    await saveSettings(app, (s) => ({ ...s, connections: [evil] }));
    const test = await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor);
    expect(test).toMatchObject({
      ok: true,
      result: {
        ok: false,
        stage: 'secret',
        message: expect.stringMatching(/enter the secret again/i) as unknown,
      },
    });
    // Only the base URL moved: the token it buys would go there, so that needs the secret again too.
    await saveSettings(app, (s) => ({ ...s, connections: [{ ...connection, baseUrl: recorder.url }] }));
    expect(await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, stage: 'secret' },
    });
    // Another connection naming the same vault entry gets nothing either.
    await saveSettings(app, (s) => ({
      ...s,
      connections: [connection, { ...evil, id: 'epic-copy', name: 'Copy' }],
    }));
    expect(await app.dispatch('settings.testConnection', { id: 'epic-copy' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, stage: 'secret' },
    });
    expect(recorder.received).toEqual([]);
    // What the engine would start with: the copy is skipped, the original keeps its secret.
    expect((await app.trust.connections()).map((c) => c.id)).toEqual(['epic-sim']);
  });

  it('shows a secret typed for another address as needing re-entry (not set), and re-entering it works', async () => {
    const { clientSecret, connection, recorder, app } = await setup();
    const first = { ...connection, tokenUrl: `${recorder.url}/token`, baseUrl: recorder.url };
    await saveSettings(app, (s) => ({ ...s, connections: [first] }));
    await app.dispatch('secrets.set', { name: connection.clientSecretRef, value: clientSecret }, supervisor);
    expect(await statusOf(app, connection.clientSecretRef)).toMatchObject({
      set: true,
      needsReentry: false,
      boundTo: expect.stringContaining(`${recorder.url}/token`) as unknown,
    });

    await saveSettings(app, (s) => ({ ...s, connections: [connection] }));
    expect(await statusOf(app, connection.clientSecretRef)).toMatchObject({ set: false, needsReentry: true });
    expect(await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, stage: 'secret' },
    });

    await app.dispatch('secrets.set', { name: connection.clientSecretRef, value: clientSecret }, supervisor);
    expect(await statusOf(app, connection.clientSecretRef)).toMatchObject({ set: true, needsReentry: false });
    expect(await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: true, stage: 'done' },
    });
    expect(recorder.received).toEqual([]);
  });

  it('a disabled connection cannot be tested, even with a secret bound to it', async () => {
    const { connection, recorder, app } = await setup();
    const disabled = {
      ...connection,
      tokenUrl: `${recorder.url}/token`,
      baseUrl: recorder.url,
      enabled: false,
    };
    await saveSettings(app, (s) => ({ ...s, connections: [disabled] }));
    await app.dispatch(
      'secrets.set',
      { name: connection.clientSecretRef, value: 'typed-for-listener' },
      supervisor,
    );
    expect(await app.dispatch('settings.testConnection', { id: 'epic-sim' }, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, stage: 'disabled', message: expect.stringMatching(/disabled/) as unknown },
    });
    expect(recorder.received).toEqual([]);
  });

  it('refuses to store a secret no saved setting names, or one two addresses share', async () => {
    const { connection, recorder, app } = await setup();
    expect(
      await app.dispatch('secrets.set', { name: connection.clientSecretRef, value: 'x-secret' }, supervisor),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: expect.stringMatching(/No saved setting uses/) as unknown,
      },
    });
    await saveSettings(app, (s) => ({
      ...s,
      connections: [connection, { ...connection, id: 'epic-two', tokenUrl: `${recorder.url}/token` }],
    }));
    expect(
      await app.dispatch('secrets.set', { name: connection.clientSecretRef, value: 'x-secret' }, supervisor),
    ).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await app.trust.vault.names()).toEqual([]);
  });
});

describe('the SMTP password is bound to its host and port', () => {
  it('never goes to another SMTP server: the test email refuses, and the live mailer leaves it out', async () => {
    const good = await startSmtpRecorder();
    const other = await startSmtpRecorder();
    const app = await withApp();
    const email = (port: number) => ({
      smtp: { host: '127.0.0.1', port, user: 'clearpost', passwordRef: 'smtp.password' },
      from: 'clearpost@hospital.example',
      to: ['billing@hospital.example'],
    });
    await saveSettings(app, (s) => ({ ...s, email: email(good.port) }));
    await app.dispatch('secrets.set', { name: 'smtp.password', value: 'Smtp-Pass-Word-1' }, supervisor);
    expect(await app.dispatch('settings.testEmail', {}, supervisor)).toMatchObject({
      ok: true,
      result: { ok: true },
    });
    expect(good.logins).toEqual([{ user: 'clearpost', password: 'Smtp-Pass-Word-1' }]);

    await saveSettings(app, (s) => ({ ...s, email: email(other.port) }));
    expect(await statusOf(app, 'smtp.password')).toMatchObject({ set: false, needsReentry: true });
    expect(await app.dispatch('settings.testEmail', {}, supervisor)).toMatchObject({
      ok: true,
      result: { ok: false, message: expect.stringMatching(/enter it again\. Nothing was sent/) as unknown },
    });
    // What the digest and alerts would send with: no password at all.
    const mail = await resolveMail(app.settings.get(), app.trust.vault);
    expect(mail?.smtp.password).toBeUndefined();
    expect(other.logins).toEqual([]);
    expect(other.connections()).toBe(0);
  });
});
