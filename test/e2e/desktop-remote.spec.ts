/**
 * Issue 21: the desktop as a console of a shared service, through the same renderer in Chromium. A serve
 * process with TLS on 127.0.0.1 holds the queue; the desktop's main-process code runs in this Node process
 * (desktop-host.ts: no Electron binary here) behind the real IPC transport. Through Settings the desktop
 * connects with the pinned fingerprint, restarts as a console of the service, signs in through the pinned
 * connection, reads the queue and acts on an item; with the service stopped, it shows the offline copy,
 * labelled, and refuses actions with the label's words.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import { consoleHeaders, FIRST_SUPERVISOR } from '../helpers/serve-session';
import { makeCertificate, pinnedRequest } from '../helpers/tls-fixture';
import { DESKTOP_ORIGIN, startDesktopHost, type DesktopHost } from './desktop-host';
import { seedExceptions, startServeProcess, type ServeProcess } from './serve-process';

const OFFLINE = /^Offline — showing the service's state at \d\d:\d\d; actions are disabled$/;

let serve: ServeProcess | null = null;
let host: DesktopHost | null = null;
test.afterEach(async () => {
  await host?.close();
  await serve?.stop();
});

test('the desktop connects to a service over its pinned certificate, works its queue, and reviews it offline', async ({
  page,
}) => {
  test.skip(
    !chromiumPath,
    'No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
  );
  const made = makeCertificate(mkdtempSync(join(tmpdir(), 'clearpost-cert-')), ['127.0.0.1']);
  test.skip(!made.ok, made.ok ? '' : `No test certificate: ${made.reason}`);
  if (!made.ok) return;
  const cert = made.cert;
  serve = await startServeProcess(undefined, [
    '--no-traffic',
    '--host',
    '127.0.0.1',
    '--tls-cert',
    cert.certFile,
    '--tls-key',
    cert.keyFile,
  ]);
  seedExceptions(serve.dataDir);
  const port = Number(new URL(serve.url).port);
  const created = await pinnedRequest({
    host: '127.0.0.1',
    port,
    certPem: cert.certPem,
    fingerprint256: cert.fingerprint256,
    path: '/auth/first-supervisor',
    method: 'POST',
    headers: consoleHeaders(serve.token),
    body: JSON.stringify(FIRST_SUPERVISOR),
  });
  expect(created.status).toBe(200);

  // The renderer never reaches the network itself: main makes every request to the service.
  const fromPage: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(DESKTOP_ORIGIN)) fromPage.push(request.url());
  });
  // The desktop on a fresh data folder runs its own engine first.
  host = await startDesktopHost(page, mkdtempSync(join(tmpdir(), 'clearpost-desktop-')));
  await page.goto(`${DESKTOP_ORIGIN}/index.html#/settings`);
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  const form = page.getByRole('form', { name: 'Connect to a Clearpost service' });
  await form.getByLabel('Service address').fill(serve.url);
  await form.getByLabel('User name').fill(FIRST_SUPERVISOR.username);
  await form.getByLabel('Password', { exact: true }).fill(FIRST_SUPERVISOR.password);
  await form.getByLabel('Stay signed in on this computer', { exact: false }).uncheck();

  // Another certificate's fingerprint: refused, nothing sent, nothing stored.
  await form.getByLabel('Certificate fingerprint (SHA-256)').fill(`${'AB:'.repeat(31)}AB`);
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('service-connect-result')).toContainText(
    'not the pinned one. Nothing was sent.',
  );

  await form.getByLabel('Password', { exact: true }).fill(FIRST_SUPERVISOR.password);
  await form.getByLabel('Certificate fingerprint (SHA-256)').fill(cert.fingerprint256);
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByTestId('service-state')).toContainText(
    'becomes a console of the service at its next start',
  );
  await page.getByRole('button', { name: 'Restart now' }).click();

  // Restarted as a console of the service: no session was kept, so it asks to sign in (through main).
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'sign-in');
  expect(host.kind()).toBe('remote');
  await page.getByLabel('User name').fill(FIRST_SUPERVISOR.username);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Password').fill(FIRST_SUPERVISOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await expect(page.getByTestId('session-menu')).toContainText(`${FIRST_SUPERVISOR.username} · Supervisor`);

  // The service's queue, on the same screens.
  await page.getByRole('link', { name: 'Exceptions', exact: true }).click();
  const queue = page.getByRole('grid', { name: 'Exception queue' });
  await expect(queue).toContainText('G100234');
  await queue.getByRole('link', { name: '7001' }).click();
  await expect(page.getByRole('heading', { name: 'Payment 7001', level: 1 })).toBeVisible();
  // An action, done on the service under the signed-in account.
  await page.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Release hold' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(FIRST_SUPERVISOR.username);

  // The service stops: the same page stays readable from the offline copy, labelled, and actions refuse.
  await serve.stop();
  serve = null;
  const banner = page.getByTestId('service-offline');
  await expect(banner).toHaveText(OFFLINE);
  await page.getByRole('button', { name: 'Release hold' }).click();
  await expect(page.getByRole('alert').filter({ hasText: OFFLINE })).toBeVisible();
  await page.getByRole('link', { name: 'Exceptions', exact: true }).click();
  await expect(queue).toContainText('G100234');
  await expect(banner).toHaveText(OFFLINE);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('service-state')).toHaveText(OFFLINE);
  expect(fromPage).toEqual([]);
});
