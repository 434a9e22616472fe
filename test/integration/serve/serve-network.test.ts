/**
 * Issue 21, serve mode as a team's service: plain HTTP off loopback is refused before anything is opened;
 * TLS with a pinned certificate on 127.0.0.1 (token and sign-in, as on loopback); and TLS on a non-loopback
 * address of a network namespace made for the test, where only accounts sign in, the queue is read, and
 * SIGTERM ends the service cleanly. Where no namespace can be made, that test says why and is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { dataLayout } from '../../../src/main/paths';
import { decideExposure } from '../../../src/main/serve-exposure';
import { ServeRefused, startServe, type RunningServe } from '../../../src/main/serve';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { seedPosting } from '../../helpers/seed';
import { consoleHeaders, FIRST_SUPERVISOR } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';
import { makeCertificate, pinnedRequest, type TestCertificate } from '../../helpers/tls-fixture';

const ROOT = join(__dirname, '..', '..', '..');
const NETNS_ADDRESS = '10.77.0.1';
const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

function cliIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

/** The `openssl` command makes the test certificates; where it is missing the TLS tests say so and skip. */
const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const noOpenssl = openssl.error || openssl.status !== 0 ? 'the openssl command is not available' : null;
if (noOpenssl) console.warn(`Skipping the TLS tests: ${noOpenssl}`);

function certificate(): TestCertificate {
  const made = makeCertificate(tempDir(), ['127.0.0.1', NETNS_ADDRESS]);
  if (!made.ok) throw new Error(`cannot make a test certificate: ${made.reason}`);
  return made.cert;
}

const GUARANTOR = 'G770001';
/** The system's Chromium, as the end-to-end specs use it (playwright.config.ts). */
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);

/** A payment waiting in the exception queue, stored before the service starts. */
function seedQueue(dataDir: string): void {
  const store = openStore(dataLayout(dataDir).database);
  try {
    seedPosting(createRepositories(store.db), 'failure', { source: 'webhook', guarantorAccount: GUARANTOR });
  } finally {
    store.db.close();
  }
}

describe('serve mode off loopback without TLS', () => {
  it('is refused with a clear message and exit code 2, before the data folder is touched', async () => {
    for (const host of ['0.0.0.0', '::', NETNS_ADDRESS, 'clearpost.hospital.example']) {
      const dataDir = tempDir();
      const { io, err } = cliIo();
      expect(await runCli(['serve', '--host', host, '--data-dir', dataDir, '--ehr-sandbox', 'off'], io)).toBe(
        2,
      );
      expect(err.join('\n')).toMatch(/refusing to serve plain HTTP on .*--tls-cert FILE and --tls-key FILE/);
      expect(readdirSync(dataDir)).toEqual([]);
    }
    // The function the command line calls refuses it too, for any other host.
    await expect(
      startServe({ dataDir: tempDir(), port: 0, host: '0.0.0.0', rendererDir: null, sandbox: false }),
    ).rejects.toBeInstanceOf(ServeRefused);
    // Loopback is loopback in all its spellings; 127.0.0.2 is not the network.
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(decideExposure({ host })).toMatchObject({ ok: true, exposure: { loopback: true, tls: null } });
  });

  it.skipIf(noOpenssl !== null)(
    'refuses a certificate without its key, a key that is not its own, and a file that is no certificate',
    () => {
      const one = certificate();
      const other = certificate();
      const notPem = join(tempDir(), 'note.txt');
      writeFileSync(notPem, 'not a certificate');
      const cases: [Parameters<typeof decideExposure>[0], RegExp][] = [
        [{ host: '0.0.0.0', tlsCertFile: one.certFile }, /go together/],
        [{ host: '0.0.0.0', tlsCertFile: one.certFile, tlsKeyFile: other.keyFile }, /does not belong/],
        [{ host: '0.0.0.0', tlsCertFile: notPem, tlsKeyFile: one.keyFile }, /is not a PEM certificate/],
        [
          { host: '0.0.0.0', tlsCertFile: join(tempDir(), 'missing.pem'), tlsKeyFile: one.keyFile },
          /no such file/,
        ],
      ];
      for (const [input, message] of cases) {
        const decided = decideExposure(input);
        expect(decided.ok).toBe(false);
        if (!decided.ok) expect(decided.message).toMatch(message);
      }
    },
  );
});

describe('serve mode with TLS on 127.0.0.1', () => {
  it.skipIf(noOpenssl !== null)(
    'answers only a client pinning its certificate; the token, then an account, reads the queue',
    async () => {
      const cert = certificate();
      const decided = decideExposure({
        host: '127.0.0.1',
        tlsCertFile: cert.certFile,
        tlsKeyFile: cert.keyFile,
      });
      if (!decided.ok) throw new Error(decided.message);
      const dataDir = tempDir();
      seedQueue(dataDir);
      const s = await startServe({
        dataDir,
        port: 0,
        host: '127.0.0.1',
        tls: decided.exposure.tls,
        rendererDir: null,
        sandbox: false,
      });
      running.push(s);
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect(s.fingerprint256).toBe(cert.fingerprint256);
      const at = {
        host: '127.0.0.1',
        port: s.port,
        certPem: cert.certPem,
        fingerprint256: cert.fingerprint256,
      };

      // Another pin: the handshake fails before the request is sent.
      await expect(pinnedRequest({ ...at, fingerprint256: 'AA:BB', path: '/healthz' })).rejects.toThrow(
        /not the pinned one/,
      );
      // Plain HTTP to the TLS port gets no answer from the console.
      await expect(fetch(`http://127.0.0.1:${String(s.port)}/healthz`)).rejects.toThrow();

      expect(await pinnedRequest({ ...at, path: '/healthz' })).toEqual({ status: 200, body: 'ok\n' });
      const noToken = await pinnedRequest({
        ...at,
        path: '/auth/first-supervisor',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(FIRST_SUPERVISOR),
      });
      expect(noToken.status).toBe(401);
      const created = await pinnedRequest({
        ...at,
        path: '/auth/first-supervisor',
        method: 'POST',
        headers: consoleHeaders(s.token),
        body: JSON.stringify(FIRST_SUPERVISOR),
      });
      expect(created.status).toBe(200);
      const signedIn = await pinnedRequest({
        ...at,
        path: '/auth/sign-in',
        method: 'POST',
        headers: consoleHeaders(s.token),
        body: JSON.stringify(FIRST_SUPERVISOR),
      });
      const { sessionId } = (JSON.parse(signedIn.body) as { result: { sessionId: string } }).result;
      const queue = await pinnedRequest({
        ...at,
        path: '/api/queue.list',
        method: 'POST',
        headers: consoleHeaders(s.token, sessionId),
        body: '{}',
      });
      expect(queue.status).toBe(200);
      const page = JSON.parse(queue.body) as { ok: boolean; result: { rows: { status: string }[] } };
      expect(page.ok).toBe(true);
      expect(page.result.rows.map((i) => i.status)).toEqual(['failure']);
    },
  );
});

/** Whether this machine lets a test make a network namespace with a non-loopback interface. */
function namespaceProbe(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', NAMESPACE_SETUP], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `unshare is not available (${probe.error.message})` };
  if (probe.status !== 0)
    return { ok: false, reason: `no network namespace can be made here: ${probe.stderr.trim()}` };
  return { ok: true };
}

/** A veth pair inside the new namespace: 10.77.0.1 on an Ethernet-like interface, not on loopback. */
const NAMESPACE_SETUP = [
  'ip link set lo up',
  'ip link add cp0 type veth peer name cp1',
  `ip addr add ${NETNS_ADDRESS}/24 dev cp0`,
  'ip link set cp0 up',
  'ip link set cp1 up',
].join(' && ');

/**
 * The client, run inside the namespace (the test's own process cannot reach it): starts `clearpost serve`
 * there, makes its requests with the pinned certificate, sends SIGTERM, and prints what it saw as JSON.
 */
const NAMESPACE_CLIENT = `
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
const c = JSON.parse(process.argv[2]);
const out = {};
const plain = spawnSync(process.execPath, [c.bin, 'serve', '--host', c.host, '--data-dir', c.plainDir, '--ehr-sandbox', 'off'], { encoding: 'utf8' });
out.plain = { status: plain.status, stderr: plain.stderr };
const serve = spawn(process.execPath, [c.bin, 'serve', '--host', c.host, '--tls-cert', c.certFile, '--tls-key', c.keyFile,
  '--data-dir', c.dataDir, '--ehr-sandbox', 'off', '--metrics-token-file', c.metricsTokenFile], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
serve.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((resolve) => serve.once('exit', (code, signal) => resolve({ code, signal })));
await new Promise((resolve, reject) => {
  serve.stdout.on('data', (d) => { stdout += d; if (/fingerprint: \\S+/.test(stdout)) resolve(); });
  exited.then((e) => reject(new Error('serve exited ' + JSON.stringify(e) + ' ' + stderr)));
});
out.stdout = stdout;
const port = Number(/https:\\/\\/[^:]+:(\\d+)\\//.exec(stdout)[1]);
const call = (path, { method = 'GET', headers = {}, body, pin = c.fingerprint256 } = {}) => new Promise((resolve) => {
  const req = request({ host: c.host, port, path, method, headers, ca: c.certPem, agent: false,
    checkServerIdentity: (_h, cert) => (cert.fingerprint256 === pin ? undefined : new Error('not the pinned certificate')) },
    (res) => { let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => resolve({ status: res.statusCode, body: b })); });
  req.on('error', (e) => resolve({ error: e.message }));
  req.end(body);
});
const json = { 'Content-Type': 'application/json' };
out.wrongPin = await call('/healthz', { pin: 'AA:BB' });
out.plainToTls = await new Promise((resolve) => {
  const req = plainRequest({ host: c.host, port, path: '/healthz' }, (res) => resolve({ status: res.statusCode }));
  req.on('error', (e) => resolve({ error: e.message }));
  req.end();
});
out.healthz = await call('/healthz');
out.firstSupervisor = await call('/auth/first-supervisor', { method: 'POST', headers: json, body: JSON.stringify(c.account) });
out.wrongPassword = await call('/auth/sign-in', { method: 'POST', headers: json, body: JSON.stringify({ ...c.account, password: 'not the password at all' }) });
out.signIn = await call('/auth/sign-in', { method: 'POST', headers: json, body: JSON.stringify(c.account) });
const session = JSON.parse(out.signIn.body).result?.sessionId ?? '';
out.queueWithoutSession = await call('/api/queue.list', { method: 'POST', headers: json, body: '{}' });
out.queue = await call('/api/queue.list', { method: 'POST', headers: { ...json, 'X-Clearpost-Session': session }, body: '{}' });
out.metricsWithSession = await call('/metrics', { headers: { 'X-Clearpost-Session': session } });
out.metrics = await call('/metrics', { headers: { Authorization: 'Bearer ' + c.metricsToken } });
if (c.chromium) {
  const { chromium } = createRequire(c.root + '/package.json')('@playwright/test');
  const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];
  const url = 'https://' + c.host + ':' + port + '/';
  // Without the pin the browser refuses the self-signed certificate.
  const unpinned = await chromium.launch({ executablePath: c.chromium, args: flags });
  try {
    await (await unpinned.newPage()).goto(url);
    out.unpinnedBrowser = { loaded: true };
  } catch (e) {
    out.unpinnedBrowser = { error: String(e.message).split('\\n')[0] };
  } finally {
    await unpinned.close();
  }
  // Chromium trusts exactly this public key (SHA-256 of its SubjectPublicKeyInfo) and nothing else.
  const browser = await chromium.launch({ executablePath: c.chromium, args: [...flags, '--ignore-certificate-errors-spki-list=' + c.spki] });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('#root[data-app-state="sign-in"]', { timeout: 30000 });
    out.browserAddress = page.url();
    await page.getByLabel('User name').fill(c.account.username);
    await page.getByLabel('Password').fill(c.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#root[data-app-state="ready"]', { timeout: 30000 });
    await page.getByRole('link', { name: 'Exceptions' }).click();
    const grid = page.getByRole('grid', { name: 'Exception queue' });
    await grid.getByText(c.guarantor).first().waitFor({ timeout: 30000 });
    out.browser = { queueShows: c.guarantor };
  } catch (e) {
    const text = await browser.contexts()[0]?.pages()[0]?.locator('body').innerText().catch(() => '');
    out.browser = { error: String(e.message).slice(0, 800), page: String(text).slice(0, 1500) };
  } finally {
    await browser.close();
  }
}
serve.kill('SIGTERM');
out.exit = await exited;
out.stderr = stderr;
process.stdout.write(JSON.stringify(out));
`;

interface Reply {
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

/** What the client in the namespace printed. */
interface NamespaceReport {
  readonly plain: { readonly status: number; readonly stderr: string };
  readonly stdout: string;
  readonly wrongPin: Reply;
  readonly plainToTls: Reply;
  readonly healthz: Reply;
  readonly firstSupervisor: Reply;
  readonly wrongPassword: Reply;
  readonly signIn: Reply;
  readonly queueWithoutSession: Reply;
  readonly queue: Reply;
  readonly metricsWithSession: Reply;
  readonly metrics: Reply;
  readonly unpinnedBrowser?: { readonly loaded?: boolean; readonly error?: string };
  readonly browserAddress?: string;
  readonly browser?: { readonly queueShows?: string; readonly error?: string };
  readonly exit: { readonly code: number | null; readonly signal: string | null };
  readonly stderr: string;
}

const probe = noOpenssl ? { ok: false as const, reason: noOpenssl } : namespaceProbe();
if (!probe.ok) console.warn(`Skipping the off-loopback TLS test: ${probe.reason}`);

describe('serve mode with TLS off loopback (in a network namespace)', () => {
  it.skipIf(!probe.ok)(
    'takes only account sign-in over TLS on 10.77.0.1 (a pinning client and Chromium), reads the queue, serves metrics, and exits 0 on SIGTERM',
    async () => {
      const cert = certificate();
      const dataDir = tempDir();
      const work = tempDir();
      // A fixed port from settings.json (serve.port); no --port is given.
      writeFileSync(
        dataLayout(dataDir).settings,
        JSON.stringify({ version: 2, serve: { port: 8443 } }, null, 2),
      );
      const account = { username: 'ops.supervisor', password: 'a long supervisor password' };
      const created = spawnSync(
        process.execPath,
        [
          join(ROOT, 'bin', 'clearpost.js'),
          'accounts',
          'create',
          '--username',
          account.username,
          '--role',
          'supervisor',
          '--data-dir',
          dataDir,
        ],
        { encoding: 'utf8', env: { ...process.env, CLEARPOST_ACCOUNT_PASSWORD: account.password } },
      );
      expect(created.status, created.stderr).toBe(0);
      seedQueue(dataDir);
      const metricsToken = 'metrics-token-for-prometheus-0123456789';
      const metricsTokenFile = join(work, 'metrics.token');
      writeFileSync(metricsTokenFile, `${metricsToken}\n`);
      const client = join(work, 'client.mjs');
      writeFileSync(client, NAMESPACE_CLIENT);
      const config = {
        bin: join(ROOT, 'bin', 'clearpost.js'),
        host: NETNS_ADDRESS,
        certFile: cert.certFile,
        keyFile: cert.keyFile,
        certPem: cert.certPem,
        fingerprint256: cert.fingerprint256,
        dataDir,
        plainDir: tempDir(),
        metricsTokenFile,
        metricsToken,
        account,
        root: ROOT,
        chromium: chromiumPath ?? null,
        spki: createHash('sha256')
          .update(new X509Certificate(cert.certPem).publicKey.export({ type: 'spki', format: 'der' }))
          .digest('base64'),
        guarantor: GUARANTOR,
      };
      if (!chromiumPath)
        console.warn('Off-loopback TLS test: no Chromium here, so the browser part is left out');
      const child = spawn(
        'unshare',
        [
          '-rn',
          'sh',
          '-c',
          `${NAMESPACE_SETUP} && exec "$0" "$1" "$2"`,
          process.execPath,
          client,
          JSON.stringify(config),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, stderr).toBe(0);
      const seen = JSON.parse(stdout) as NamespaceReport;

      expect(seen.plain.status).toBe(2);
      expect(seen.plain.stderr).toMatch(/refusing to serve plain HTTP on 10\.77\.0\.1/);
      expect(existsSync(dataLayout(config.plainDir).database)).toBe(false);
      // The address printed carries no token; the fingerprint to pin is printed beside it.
      expect(seen.stdout).toContain(`Clearpost console: https://${NETNS_ADDRESS}:8443/\n`);
      expect(seen.stdout).not.toContain('token=');
      expect(seen.stdout).toContain(`fingerprint: ${cert.fingerprint256}`);
      expect(seen.wrongPin.error).toMatch(/not the pinned certificate/);
      expect(seen.plainToTls.status).not.toBe(200);
      expect(seen.healthz).toEqual({ status: 200, body: 'ok\n' });
      // Nobody on the network may claim the console: the first supervisor is made on the server.
      expect(seen.firstSupervisor.status).toBe(403);
      expect(seen.wrongPassword.status).toBe(401);
      expect(seen.signIn.status).toBe(200);
      expect(seen.queueWithoutSession.status).toBe(401);
      expect(seen.queue.status).toBe(200);
      const page = JSON.parse(seen.queue.body ?? '{}') as { result?: { rows: { status: string }[] } };
      expect(page.result?.rows.map((i) => i.status)).toEqual(['failure']);
      // With a metrics token configured, a session is not enough; the token is.
      expect(seen.metricsWithSession.status).toBe(401);
      expect(seen.metrics.status).toBe(200);
      expect(seen.metrics.body).toContain('clearpost_postings{status="failure"} 1');
      if (chromiumPath) {
        expect(seen.unpinnedBrowser?.error).toMatch(/ERR_CERT/);
        // The page asked for no token: it went straight to sign-in, then showed the queue.
        expect(seen.browserAddress).toBe(`https://${NETNS_ADDRESS}:8443/`);
        expect(seen.browser).toEqual({ queueShows: GUARANTOR });
      }
      expect(seen.exit).toEqual({ code: 0, signal: null });
      expect(seen.stderr).not.toMatch(/\n\s+at /);
    },
    120_000,
  );
});
