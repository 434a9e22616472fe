/**
 * Issue 20 items 3 and 4 in a real browser: the link admits its holder only to creating the first
 * supervisor; sign out ends the session and shows the sign-in page; and nothing the console holds (token,
 * session id) reaches another web service on another loopback port — browsers send 127.0.0.1 cookies to
 * every port (RFC 6265 section 8.5), so the console keeps no credential in a cookie.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { FIRST_SUPERVISOR, openConsole, serveForSpec } from './serve-fixture';

const serve = serveForSpec(undefined, { firstSupervisor: false });

/** Another local web service: it records every request's headers, as a hostile one would. */
let other: { server: Server; origin: string; seen: { url: string; headers: IncomingHttpHeaders }[] };
test.beforeAll(async () => {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>another local service</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = { server, seen, origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => other.server.close(() => resolve()));
});

test('first supervisor from the link, sign out shows sign-in, and no credential reaches another local port', async ({
  page,
  context,
}) => {
  const sessionIds: string[] = [];
  page.on('request', (request) => {
    const id = request.headers()['x-clearpost-session'];
    if (id) sessionIds.push(id);
  });

  // A fresh data folder: the link opens only the first supervisor's form.
  await page.goto(serve().url);
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'first-supervisor');
  await page.getByLabel('User name').fill(FIRST_SUPERVISOR.username);
  await page.getByLabel('Password', { exact: true }).fill(FIRST_SUPERVISOR.password);
  await page.getByLabel('Repeat the password').fill(FIRST_SUPERVISOR.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await expect(page.getByTestId('session-menu')).toContainText(`${FIRST_SUPERVISOR.username} · Supervisor`);

  // Sign out ends the session on the server and shows the sign-in page (not the first-supervisor one).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'sign-in');
  await expect(page.getByText('You are signed out.')).toBeVisible();
  const ended = sessionIds.at(-1);
  expect(ended).toBeTruthy();
  const replay = await page.request.post(`${serve().origin}/api/app.info`, {
    headers: { Authorization: `Bearer ${serve().token}`, 'X-Clearpost-Session': ended ?? '' },
    data: {},
  });
  expect(replay.status()).toBe(401);

  await openConsole(page, serve());
  const live = sessionIds.at(-1) ?? '';
  expect(live).not.toBe(ended);

  // The operator's browser now visits another service on another loopback port.
  await page.goto(`${other.origin}/`);
  await expect(page).toHaveTitle('another local service');
  expect(other.seen.length).toBeGreaterThan(0);
  for (const { url, headers } of other.seen) {
    const all = JSON.stringify(headers);
    expect(all, url).not.toContain(serve().token);
    expect(all, url).not.toContain(live);
    expect(headers.cookie, url).toBeUndefined();
    expect(headers.authorization, url).toBeUndefined();
    expect(headers['x-clearpost-session'], url).toBeUndefined();
  }
  // And the browser holds no cookie for 127.0.0.1 at all.
  expect(await context.cookies()).toEqual([]);
});
