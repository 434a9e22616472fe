import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security/csp';
import { createHttpApi } from '../../../src/renderer/src/transport/http';
import { ApiError } from '../../../src/shared/api-error';
import { seedPosting } from '../../helpers/seed';
import {
  accountSession,
  callAs,
  consoleHeaders,
  createFirstSupervisor,
  FIRST_SUPERVISOR,
} from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.close();
});

async function serve(heartbeatMs?: number): Promise<RunningServe & { base: string }> {
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Clearpost</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(tempDir(), 'secret.txt'), 'outside the renderer');
  const started = await startServe({
    dataDir: tempDir(),
    port: 0,
    rendererDir,
    sandbox: false,
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
  });
  running.push(started);
  return { ...started, base: `http://127.0.0.1:${String(started.port)}` };
}

/** A raw request, so tests control every header (fetch would add Origin or refuse Host). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('serve mode', () => {
  it('answers 401 to every API request without the token, or with a wrong one', async () => {
    const s = await serve();
    const json = { 'Content-Type': 'application/json' };
    for (const headers of [
      json,
      { ...json, Authorization: 'Bearer wrong' },
      { ...json, Authorization: s.token },
    ]) {
      const res = await raw(s.port, '/api/app.info', { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await raw(s.port, '/api/events')).status).toBe(401);
  });

  it('gives the token alone no role: every command and the event stream answer 401 until someone signs in', async () => {
    const s = await serve();
    const tokenOnly = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
    const info = await raw(s.port, '/api/app.info', { method: 'POST', headers: tokenOnly, body: '{}' });
    expect(info.status).toBe(401);
    expect(JSON.parse(info.body)).toMatchObject({
      error: { code: 'unauthorized', message: expect.stringMatching(/^first-supervisor: /) as unknown },
    });
    expect((await raw(s.port, '/api/events', { headers: tokenOnly })).status).toBe(401);
    const made = await raw(s.port, '/api/accounts.save', {
      method: 'POST',
      headers: tokenOnly,
      body: JSON.stringify({ username: 'intruder', role: 'supervisor', password: 'intruder password 1' }),
    });
    expect(made.status).toBe(401);
    expect(s.app.trust.context.accounts.list()).toEqual([]);
    // A made-up session id is nobody either.
    const forged = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { ...tokenOnly, 'X-Clearpost-Session': 'made-up' },
      body: '{}',
    });
    expect(forged.status).toBe(401);

    const session = await createFirstSupervisor(s.base, s.token);
    const signedIn = await raw(s.port, '/api/auth.whoami', {
      method: 'POST',
      headers: consoleHeaders(s.token, session.sessionId),
      body: '{}',
    });
    expect(JSON.parse(signedIn.body)).toMatchObject({
      ok: true,
      result: { actor: FIRST_SUPERVISOR.username, role: 'supervisor', transport: 'http' },
    });
    // The session without the token is refused too: the token still proves the caller got the link.
    const sessionOnly = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Clearpost-Session': session.sessionId },
      body: '{}',
    });
    expect(sessionOnly.status).toBe(401);
  });

  it("ends a disabled account's open event stream at once, not at the next heartbeat", async () => {
    // A heartbeat longer than the test's timeout: only closing the stream at once can end it in time.
    const s = await serve(10 * 60_000);
    const supervisor = await createFirstSupervisor(s.base, s.token);
    const who = { username: 'pat.operator', password: 'operator password 1', role: 'operator' } as const;
    const operator = await accountSession(supervisor, who);
    const ended = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          path: '/api/events',
          headers: consoleHeaders(s.token, operator.sessionId),
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            // Connected: now the supervisor disables the account.
            if (text.includes(': connected') && !text.includes('disabled-sent')) {
              text += 'disabled-sent';
              void callAs(supervisor, 'accounts.save', { ...who, disabled: true });
            }
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(await ended).toContain(': connected');
    expect((await callAs(operator, 'app.info')).status).toBe(401);
  });

  it('creates the first supervisor once; later it refuses, and a console with no active supervisor says how to recover', async () => {
    const s = await serve();
    const state = async () => {
      const res = await raw(s.port, '/auth/state', {
        method: 'POST',
        headers: consoleHeaders(s.token),
        body: '{}',
      });
      return (JSON.parse(res.body) as { result: { state: string; message: string } }).result;
    };
    expect((await state()).state).toBe('first-supervisor');
    const tooShort = await raw(s.port, '/auth/first-supervisor', {
      method: 'POST',
      headers: consoleHeaders(s.token),
      body: JSON.stringify({ username: 'boss', password: 'short' }),
    });
    expect(tooShort.status).toBe(409);
    expect(JSON.parse(tooShort.body)).toMatchObject({
      error: {
        message: 'A password has at least 12 characters',
        // Each refusal names its field, so the sign-in page shows it there.
        issues: [{ path: 'password', message: 'A password has at least 12 characters' }],
      },
    });
    expect(s.app.trust.context.accounts.list()).toEqual([]);

    const boss = await createFirstSupervisor(s.base, s.token);
    expect((await state()).state).toBe('sign-in');
    await expect(
      createFirstSupervisor(s.base, s.token, { username: 'second.boss', password: 'another long password' }),
    ).rejects.toThrow(/already has accounts/);
    const audit = s.app.repos.audit.forSubject('account', FIRST_SUPERVISOR.username);
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      [FIRST_SUPERVISOR.username, 'account.created'],
      [FIRST_SUPERVISOR.username, 'auth.signed_in'],
    ]);

    // The last active supervisor can neither be demoted nor disabled (also not by themselves).
    for (const change of [{ role: 'operator' }, { role: 'supervisor', disabled: true }]) {
      const refused = await callAs(boss, 'accounts.save', { username: FIRST_SUPERVISOR.username, ...change });
      expect(refused.status, JSON.stringify(change)).toBe(409);
      expect(refused.body.error?.message).toMatch(/last active supervisor/);
    }
    // With a second supervisor, the first may step down; the second then may not.
    const second = await accountSession(boss, {
      username: 'second.boss',
      password: 'another long password',
      role: 'supervisor',
    });
    expect(
      (await callAs(boss, 'accounts.save', { username: FIRST_SUPERVISOR.username, role: 'viewer' })).status,
    ).toBe(200);
    const last = await callAs(second, 'accounts.save', {
      username: 'second.boss',
      role: 'supervisor',
      disabled: true,
    });
    expect(last.status).toBe(409);

    // Supervisors disabled behind Clearpost's back (an older version allowed it): the link does not reopen
    // first-supervisor set-up; the page says how to recover from the command line.
    s.app.store.db.prepare("UPDATE operator_accounts SET disabled = 1 WHERE role = 'supervisor'").run();
    const locked = await state();
    expect(locked.state).toBe('recover');
    expect(locked.message).toContain('clearpost accounts create --username NAME --role supervisor');
    await expect(
      createFirstSupervisor(s.base, s.token, { username: 'taker', password: 'takeover password 1' }),
    ).rejects.toThrow(/already has accounts/);
  });

  it('serves the page and its scripts without setting any cookie, and expires cookies older versions set', async () => {
    const s = await serve();
    const page = await raw(s.port, `/?token=${s.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['set-cookie']).toBeUndefined();
    const asset = await raw(s.port, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/text\/javascript/);
    expect(asset.headers['set-cookie']).toBeUndefined();

    const legacy = await raw(s.port, '/', { headers: { Cookie: `clearpost_token=${s.token}; other=1` } });
    expect(legacy.headers['set-cookie']).toEqual([
      'clearpost_token=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
    ]);
    // A cookie is never a credential: the old token cookie opens no API call.
    const byCookie = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: `clearpost_token=${s.token}` },
      body: '{}',
    });
    expect(byCookie.status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    const s = await serve();
    const auth = `?token=${s.token}`;
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const res = await raw(s.port, `${path}${auth}`);
      expect(res.body, path).not.toContain('outside the renderer');
    }
  });

  it('refuses cross-site requests and foreign Host headers even with the token', async () => {
    const s = await serve();
    const headers = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
    const crossOrigin = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { ...headers, Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { ...headers, 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const rebinding = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { ...headers, Host: 'evil.example' },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    // Another loopback port is another service: a request naming it is not for this console.
    const otherPort = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { ...headers, Host: `127.0.0.1:${String(s.port === 65535 ? 1 : s.port + 1)}` },
      body: '{}',
    });
    expect(otherPort.status).toBe(403);
    const formPost = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(formPost.status).toBe(415);
  });

  it('rejects unknown commands and invalid arguments with codes, as IPC does', async () => {
    const s = await serve();
    const headers = consoleHeaders(s.token, (await createFirstSupervisor(s.base, s.token)).sessionId);
    const unknown = await raw(s.port, '/api/no.such.command', { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    const invalid = await raw(s.port, '/api/postings.get', { method: 'POST', headers, body: '{"id":"x"}' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    const notJson = await raw(s.port, '/api/app.info', { method: 'POST', headers, body: '{nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({
      error: { code: 'invalid_arguments', message: 'The request body is not valid JSON' },
    });
    const wrongMethod = await raw(s.port, '/api/app.info', { headers });
    expect(wrongMethod.status).toBe(405);
    const huge = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers,
      body: `{"x":"${'a'.repeat(1_100_000)}"}`,
    }).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
  });

  it('carries the renderer’s HTTP transport: results, coded errors and pushed events', async () => {
    const s = await serve();
    const { postingId } = seedPosting(s.app.repos, 'failure', { guarantorAccount: 'G777001' });
    const api = createHttpApi({ baseUrl: s.base, token: s.token, reconnectMs: 50 });
    try {
      expect(api.hasSession()).toBe(false);
      expect(await api.accessState()).toMatchObject({ state: 'first-supervisor' });
      await api.createFirstSupervisor(FIRST_SUPERVISOR.username, FIRST_SUPERVISOR.password);
      expect(api.hasSession()).toBe(true);
      const info = await api.invoke('app.info', {});
      expect(info).toMatchObject({
        name: 'Clearpost',
        mode: 'serve',
        schemaVersion: bundledMigrations().length,
      });

      const page = await api.invoke('queue.list', { search: 'G777001' });
      expect(page.rows.map((r) => r.postingId)).toEqual([postingId]);

      const failure = await api.invoke('postings.get', { id: 999_999 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).code).toBe('not_found');

      const connected = new Promise<void>((resolve) => api.onConnection((up) => up && resolve()));
      const changed = new Promise<readonly string[]>((resolve) =>
        api.on('db.changed', (p) => resolve(p.tables)),
      );
      await connected;
      await api.invoke('notes.add', { postingId, body: 'Left a voicemail' });
      expect(await changed).toEqual(['notes', 'audit_events']);
      const [note] = s.app.repos.audit.forSubject('posting', String(postingId));
      expect(note?.actor).toBe(FIRST_SUPERVISOR.username);

      // Sign out ends the session on the server: the client forgets it and the next call is refused.
      const refused = new Promise<void>((resolve) => api.onUnauthorized(() => resolve()));
      await api.signOut();
      expect(api.hasSession()).toBe(false);
      expect(s.app.repos.sessions.count()).toBe(0);
      await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'unauthorized' });
      await refused;
    } finally {
      api.close();
    }
  });
});
