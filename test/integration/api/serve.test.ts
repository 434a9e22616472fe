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
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.close();
});

async function serve(): Promise<RunningServe & { base: string }> {
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Clearpost</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(tempDir(), 'secret.txt'), 'outside the renderer');
  const started = await startServe({ dataDir: tempDir(), port: 0, rendererDir, sandbox: false });
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

  it('answers 401 to the page without the token, and serves it with the token then the cookie', async () => {
    const s = await serve();
    const bare = await raw(s.port, '/');
    expect(bare.status).toBe(401);
    expect(bare.body).toMatch(/link printed by `clearpost serve`/);
    expect((await raw(s.port, '/?token=nope')).status).toBe(401);
    expect((await raw(s.port, '/assets/app.js')).status).toBe(401);

    const page = await raw(s.port, `/?token=${s.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await raw(s.port, '/assets/app.js', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/text\/javascript/);
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
    const formPost = await raw(s.port, '/api/app.info', {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(formPost.status).toBe(415);
  });

  it('rejects unknown commands and invalid arguments with codes, as IPC does', async () => {
    const s = await serve();
    const headers = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
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
    } finally {
      api.close();
    }
  });
});
