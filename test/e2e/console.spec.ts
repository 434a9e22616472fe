import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS, openConsole, serveForSpec } from './serve-fixture';
import { seedExceptions } from './serve-process';

const serve = serveForSpec((started) => seedExceptions(started.dataDir));

test('serve mode answers 401 to the API without the token, and without a session', async ({ request }) => {
  // The page itself holds no data (it is served to anyone who can reach 127.0.0.1, with no cookie).
  const page = await request.get(`${serve().origin}/`);
  expect(page.status()).toBe(200);
  expect(page.headers()['set-cookie']).toBeUndefined();
  const api = await request.post(`${serve().origin}/api/app.info`, { data: {} });
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  const tokenOnly = await request.post(`${serve().origin}/api/app.info`, {
    headers: { Authorization: `Bearer ${serve().token}` },
    data: {},
  });
  expect(tokenOnly.status()).toBe(401);
});

test('the printed URL opens the console shell, and every screen renders', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  // The token leaves the address bar once the console has it.
  expect(page.url()).not.toContain('token=');
  await expect(page.getByTestId('engine-state')).toContainText('Engine: running');
  // The built-in sandbox: both simulated EHRs are connections of the engine.
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Oracle Health (sandbox)');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Epic (sandbox)');
  await expect(page.getByTestId('console-connection')).toContainText('Console connected');

  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Postings by status and EHR' })).toContainText('Failure');
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

  await page.getByRole('link', { name: 'Exceptions', exact: true }).click();
  const queue = page.getByRole('grid', { name: 'Exception queue' });
  await expect(queue).toContainText('G100234');
  // Stored before reasons were put in words: the HTTP phrase is dropped, the EHR's words stay.
  await expect(queue).toContainText('The encounter is closed');
  await expect(queue).not.toContainText('Unprocessable Entity');
  await expect(queue).toContainText('$125.50');
  await expect(queue).not.toContainText('G100236'); // Success is not an exception
  await page.screenshot({ path: join(SCREENSHOTS, 'exceptions.png'), fullPage: true });

  await page.getByLabel('Account, encounter or transaction id').fill('G100235');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(queue).toContainText('Epic did not answer');
  await expect(queue).not.toContainText('G100234');

  for (const [link, heading, file] of [
    ['Transactions', 'Transactions', 'transactions.png'],
    ['Reconciliation', 'Reconciliation', 'reconciliation.png'],
    ['Settings', 'Settings', 'settings.png'],
  ] as const) {
    await page.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
  }
  await expect(page.getByText(serve().dataDir, { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a reload keeps the console working without the token in the URL', async ({ page }) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
});

test('a browser without the token sees a plain explanation, not a broken page', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${serve().origin}/`);
  await expect(page.getByTestId('no-token')).toContainText(
    'Open the address printed by clearpost serve (it carries the access token).',
  );
  await context.close();
});

test('Transactions finds a posted payment by account, which the exception queue leaves out', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Transactions' }).click();
  await page.getByLabel('Account, encounter or transaction id').fill('G100236');
  await page.getByRole('button', { name: 'Search' }).click();
  const table = page.getByRole('table', { name: 'Transactions' });
  await expect(table).toContainText('7003');
  await expect(table).toContainText('Success');
  await page.getByRole('link', { name: '7003' }).click();
  await expect(page.getByRole('heading', { name: /Payment 7003/ })).toBeVisible();
});
