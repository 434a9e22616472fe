import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { createHttpApi } from '../../../src/renderer/src/transport/http';
import { seedPosting } from '../../helpers/seed';
import {
  accountSession,
  callAs,
  consoleHeaders,
  createFirstSupervisor,
  type ConsoleSession,
} from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const serve of running.splice(0)) await serve.close();
});

/** Serve mode with one failed payment of 2026-11-22 and its reconciliation file written through the API. */
async function served(): Promise<{
  serve: RunningServe;
  boss: ConsoleSession;
  file: string;
  origin: string;
}> {
  const serve = await startServe({ dataDir: tempDir(), port: 0, rendererDir: null, sandbox: false });
  running.push(serve);
  const origin = `http://127.0.0.1:${String(serve.port)}`;
  seedPosting(serve.app.repos, 'failure', { facility: 'MAIN', transactionAt: Date.UTC(2026, 10, 22, 18) });
  const boss = await createFirstSupervisor(origin, serve.token);
  const written = await callAs(boss, 'reports.export', {
    kind: 'recon',
    date: '2026-11-22',
    facility: 'MAIN',
  });
  expect(written.body.ok).toBe(true);
  const [file] = written.body.result as { file: string }[];
  return { serve, boss, file: file?.file ?? '', origin };
}

function get(origin: string, path: string, headers: Record<string, string>) {
  return fetch(`${origin}${path}`, { headers });
}

describe('serve mode: generated files download from the browser', () => {
  it('refuses without the token, without a session, and below a supervisor', async () => {
    const { serve, boss, file, origin } = await served();
    const path = `/api/download/${file}`;
    expect((await get(origin, path, {})).status).toBe(401);
    expect((await get(origin, path, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(origin, path, consoleHeaders(serve.token))).status).toBe(401);
    const viewer = await accountSession(boss, {
      username: 'a.viewer',
      password: 'a viewer password long',
      role: 'viewer',
    });
    expect((await get(origin, path, consoleHeaders(serve.token, viewer.sessionId))).status).toBe(403);
  });

  it('refuses anything but a generated file in the reports folder: other names, traversal, links out', async () => {
    const { serve, boss, origin } = await served();
    const headers = consoleHeaders(serve.token, boss.sessionId);
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'not a report');
    symlinkSync(outside, join(serve.app.reports.outDir, 'recon_MAIN_2026-11-21.csv'));
    for (const name of [
      'recon_MAIN_2026-11-21.csv', // a link leading out of the folder
      '..%2F..%2Fetc%2Fpasswd',
      'recon_MAIN_2026-11-20.csv', // not written
      'notes.txt',
      '%E0%A4%A',
    ]) {
      const res = await get(origin, `/api/download/${name}`, headers);
      expect([400, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('not a report');
    }
    expect((await fetch(`${origin}/api/download/x`, { method: 'POST', headers })).status).toBe(405);
  });

  it('a supervisor gets the file as an attachment, byte for byte, and the download is audited', async () => {
    const { serve, boss, file, origin } = await served();
    const res = await get(origin, `/api/download/${file}`, consoleHeaders(serve.token, boss.sessionId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${file}"; filename*=UTF-8''${file}`,
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const onDisk = readFileSync(join(serve.app.reports.outDir, file));
    expect(Buffer.from(await res.arrayBuffer()).equals(onDisk)).toBe(true);
    const audit = serve.app.repos.audit.forSubject('report_file', file);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['report.downloaded', 'first.supervisor']]);
  });

  it('the console’s HTTP client downloads it with its own headers', async () => {
    const { serve, boss, file, origin } = await served();
    const storage = new Map<string, string>([['clearpost.session', boss.sessionId]]);
    const api = createHttpApi({
      baseUrl: origin,
      token: serve.token,
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
    });
    const blob = await api.download(file);
    expect(await blob.text()).toContain('Transaction ID');
    await expect(api.download('recon_MAIN_2026-11-20.csv')).rejects.toThrow(/No such generated file/);
    api.close();
  });
});
