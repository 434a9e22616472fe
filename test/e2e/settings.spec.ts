import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiCall, openConsole, screenshot, serveForSpec } from './serve-fixture';

// The simulated Epic's fixed sandbox credentials (src/main/sandbox/start-sandbox.ts).
const EPIC_SECRET = 'sandbox-only-epic-secret';
const ORACLE_TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';

const serve = serveForSpec();
const call = (request: APIRequestContext, name: string, args: unknown) =>
  apiCall(serve(), request, name, args);

test('settings: connections, a write-only secret, field messages and a connection test', async ({
  page,
  request,
}) => {
  // The sandbox's simulators, saved as configured connections (the secret goes in through the screen).
  const info = (await call(request, 'app.info', {})) as { sandbox: { oracleHealth: string; epic: string } };
  const epicOrigin = new URL(info.sandbox.epic).origin;
  const oracleOrigin = new URL(info.sandbox.oracleHealth).origin;
  await call(request, 'settings.save', {
    settings: {
      connections: [
        {
          id: 'sandbox-oracle-health',
          name: 'Oracle Health (sandbox)',
          ehr: 'oracle_health',
          baseUrl: info.sandbox.oracleHealth,
          tokenUrl: `${oracleOrigin}/tenants/${ORACLE_TENANT}/protocols/oauth2/profiles/smart-v1/token`,
          clientId: 'clearpost-sandbox',
          clientSecretRef: 'oracle-sandbox-secret',
          sites: {
            MAIN: {
              aliases: { one_time_payment: 'OTP', payment_plan: 'PLAN' },
              reversalAlias: 'REV',
              refundAlias: 'REF',
            },
          },
        },
        {
          id: 'sandbox-epic',
          name: 'Epic (sandbox)',
          ehr: 'epic',
          baseUrl: info.sandbox.epic,
          tokenUrl: `${epicOrigin}/oauth2/token`,
          clientId: 'clearpost-sandbox',
          clientSecretRef: 'epic-sandbox-secret',
        },
      ],
    },
  });

  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  const list = page.getByRole('table', { name: 'EHR connections' });
  await expect(list).toContainText('Oracle Health (sandbox)');
  await expect(list).toContainText('Epic (sandbox)');
  await expect(list).toContainText('not set');
  await expect(page.getByTestId('restart-required')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'About this installation' })).toBeVisible();
  // Oracle Health's site aliases are editable.
  await expect(page.getByLabel('MAIN one-time payment alias')).toHaveValue('OTP');

  await page.getByRole('button', { name: 'Edit Epic (sandbox)' }).click();
  const editor = page.getByTestId('connection-editor');
  await expect(editor.getByRole('heading', { name: /Epic \(sandbox\)/ })).toBeVisible();
  await expect(page.getByTestId('secret-status')).toHaveText('not set');

  // An empty secret is refused under its field (marked required), in secrets.set's own words, and nothing
  // is sent to the vault.
  const stores: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/secrets.set')) stores.push(request.url());
  });
  const secretInput = page.getByRole('textbox', { name: 'Client secret', exact: true });
  await expect(secretInput).toHaveAttribute('aria-required', 'true');
  await page.getByRole('button', { name: 'Set secret' }).click();
  await expect(secretInput).toHaveAttribute('aria-invalid', 'true');
  await expect(secretInput).toHaveAccessibleDescription('A secret cannot be empty');
  await expect(page.getByTestId('secret-status')).toHaveText('not set');
  expect(stores).toEqual([]);

  // The secret goes in, the page says "set", and the value never comes back.
  await secretInput.fill(EPIC_SECRET);
  await page.getByRole('button', { name: 'Set secret' }).click();
  await expect(page.getByTestId('secret-status')).toHaveText('set');
  expect(stores).toHaveLength(1);
  await expect(page.getByRole('textbox', { name: 'New client secret' })).toHaveValue('');
  expect(await page.content()).not.toContain(EPIC_SECRET);

  // An invalid URL is refused by the connection's rules (main's own), and its message lands on the field.
  const baseUrl = page.getByLabel('Base URL');
  await baseUrl.fill('not a url');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(editor.getByText('Expected an http(s) URL')).toBeVisible();
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  // A number that is not one is caught before saving.
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await page.getByLabel('Retry window (hours)').fill('a day');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(editor.getByText('Must be a number')).toBeVisible();
  await expect(page.getByLabel('Retry window (hours)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Retry window (hours)').fill('30');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Saved Epic (sandbox)' })).toBeVisible();
  const saved = (await call(request, 'settings.get', {})) as {
    settings: { connections: { id: string; retry: { windowMs: number } }[] };
  };
  expect(saved.settings.connections.find((c) => c.id === 'sandbox-epic')?.retry.windowMs).toBe(
    30 * 3_600_000,
  );

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Connection works', { timeout: 20_000 });
  expect(await page.content()).not.toContain(EPIC_SECRET);

  // Pointing the connection elsewhere means typing the secret again: the screen says so before saving,
  // and after saving the stored secret counts as not set (main will not send it to the new address).
  await page.getByLabel('Token URL').fill('http://127.0.0.1:9/oauth2/token');
  await expect(page.getByTestId('secret-reentry-warning')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Test connection' })).toBeDisabled();
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByTestId('secret-status')).toHaveText('not set (needs re-entry)');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Stopped at the client secret');

  await screenshot(page, 'settings.png');
});

test('serve mode: once an account exists, the console asks to sign in', async ({ page, request }) => {
  await call(request, 'accounts.save', {
    username: 'dana.billing',
    role: 'supervisor',
    password: 'a long enough password',
  });

  await page.goto(serve().url);
  await expect(page.getByRole('heading', { name: 'Sign in to Clearpost' })).toBeVisible();
  await page.getByLabel('User name').fill('dana.billing');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The user name or password is wrong');

  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await expect(page.getByTestId('session-menu')).toContainText('dana.billing · Supervisor');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('table', { name: 'EHR connections' })).toContainText('Epic (sandbox)');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Clearpost' })).toBeVisible();
});
