import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startSmtp } from '../integration/notifications/smtp';
import { apiCall, openConsole, serveForSpec } from './serve-fixture';

const SMTP_PASSWORD = 'relay-password-not-shown';

let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
// Registered before serve mode's hooks, so the mail server is up before serve mode starts.
test.beforeAll(async () => {
  smtp = await startSmtp();
});
test.afterAll(async () => {
  await smtp?.close();
});
const serve = serveForSpec();
const call = (request: APIRequestContext, name: string, args: unknown) =>
  apiCall(serve(), request, name, args);

test('settings sections: facility zones and email saved, shown after a reload, errors on their fields', async ({
  page,
  request,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  // Serve mode made its Cybersource message-encryption key at start: Settings shows its fingerprint and age.
  await expect(page.getByTestId('mle-key')).toContainText(
    /SHA-256 ([0-9a-f]{2}:){31}[0-9a-f]{2}, 0 days old/,
  );

  // Facility time zones: an unknown zone is refused by main, and the message sits next to it.
  const zones = page.getByTestId('facility-zones');
  await zones.getByRole('button', { name: 'Add facility' }).click();
  await zones.getByLabel('Facility 1', { exact: true }).fill('MAIN');
  const mainZone = zones.getByLabel('Time zone of MAIN', { exact: true });
  await mainZone.fill('Mars/Olympus');
  await zones.getByRole('button', { name: 'Save facility time zones' }).click();
  await expect(zones.getByText('Unknown IANA time zone (e.g. America/Chicago)')).toBeVisible();
  await expect(mainZone).toHaveAttribute('aria-invalid', 'true');
  await mainZone.fill('America/Denver');
  await zones.getByRole('button', { name: 'Save facility time zones' }).click();
  await expect(zones.getByRole('status')).toHaveText('Saved.');
  await expect(mainZone).not.toHaveAttribute('aria-invalid', 'true');

  // Email: a bad sender address is named on its field; then a real SMTP relay takes a test message.
  const email = page.getByTestId('email-settings');
  await email.getByLabel('Send email notifications').check();
  await email.getByLabel('SMTP host', { exact: true }).fill('127.0.0.1');
  await email.getByLabel('Port', { exact: true }).fill(String(smtp!.port));
  await email.getByLabel(/^From/).fill('not an address');
  await email.getByLabel(/^To/).fill('billing@hospital.example, cash@hospital.example');
  await email.getByRole('button', { name: 'Save email' }).click();
  const from = email.getByLabel(/^From/);
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await from.fill('clearpost@hospital.example');
  await email.getByRole('button', { name: 'Save email' }).click();
  await expect(email.getByRole('status')).toHaveText('Saved.');
  // Facility zones and email apply at once: nothing waits for a restart.
  await expect(page.getByTestId('restart-required')).toHaveCount(0);

  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByTestId('email-test-result')).toContainText('Sent.');
  const [mail] = await smtp!.waitFor(1);
  expect(mail!.subject).toBe('[Clearpost] Test message');

  // The SMTP password goes to the vault; the page only ever says "set".
  await email.getByLabel(/^User name/).fill('clearpost');
  await email.getByRole('button', { name: 'Save email' }).click();
  await expect(email.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('smtp-password-status')).toHaveText('not set');
  await page.getByRole('textbox', { name: 'SMTP password', exact: true }).fill(SMTP_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByTestId('smtp-password-status')).toHaveText('set');
  expect(await page.content()).not.toContain(SMTP_PASSWORD);

  // After a reload the saved values are what the screen shows.
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('facility-zones').getByLabel('Facility 1', { exact: true })).toHaveValue(
    'MAIN',
  );
  await expect(
    page.getByTestId('facility-zones').getByLabel('Time zone of MAIN', { exact: true }),
  ).toHaveValue('America/Denver');
  const reloaded = page.getByTestId('email-settings');
  await expect(reloaded.getByLabel('SMTP host', { exact: true })).toHaveValue('127.0.0.1');
  await expect(reloaded.getByLabel('Port', { exact: true })).toHaveValue(String(smtp!.port));
  await expect(reloaded.getByLabel(/^From/)).toHaveValue('clearpost@hospital.example');
  await expect(reloaded.getByLabel(/^To/)).toHaveValue('billing@hospital.example, cash@hospital.example');
  await expect(reloaded.getByLabel(/^User name/)).toHaveValue('clearpost');
  await expect(page.getByTestId('smtp-password-status')).toHaveText('set');

  const saved = (await call(request, 'settings.get', {})) as {
    settings: {
      facilities: { timeZones: Record<string, string> };
      email: { smtp: { passwordRef?: string } };
    };
  };
  expect(saved.settings.facilities.timeZones).toEqual({ MAIN: 'America/Denver' });
  expect(saved.settings.email.smtp.passwordRef).toBe('email.smtp-password');
  const onDisk = readFileSync(join(serve().dataDir, 'settings.json'), 'utf8');
  expect(onDisk).toContain('America/Denver');
  expect(onDisk).not.toContain(SMTP_PASSWORD);
});

test('settings sections: manual posting limits are kept per currency, typed in its units', async ({
  page,
  request,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  const access = page.getByTestId('access-settings');
  const usd = access.getByLabel('Manual posting limit in USD');
  await expect(usd).toHaveValue('5000.00');
  await usd.fill('1234.567');
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(access.getByText('USD has 2 decimals')).toBeVisible();
  await usd.fill('$1,234.56');
  await access.getByRole('button', { name: 'Add a currency' }).click();
  await access.getByLabel('Currency of limit 2').fill('jpy');
  await access.getByLabel('Manual posting limit in jpy').fill('50000.5');
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(access.getByText('JPY has no decimals')).toBeVisible();
  await access.getByLabel('Manual posting limit in jpy').fill('50000');
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(access.getByRole('status')).toHaveText('Saved.');
  const saved = (await call(request, 'settings.get', {})) as {
    settings: { access: { manualPostingLimitsMinor: Record<string, number> } };
  };
  expect(saved.settings.access.manualPostingLimitsMinor).toEqual({ USD: 123_456, JPY: 50_000 });
});

test('settings sections: a viewer reads the settings and cannot change them', async ({ page, request }) => {
  // The first supervisor (created by the fixture) makes the viewer's account; the viewer signs in.
  await call(request, 'accounts.save', {
    username: 'val.viewer',
    role: 'viewer',
    password: 'viewer password 123',
  });
  await openConsole(page, serve(), { username: 'val.viewer', password: 'viewer password 123' });
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings-read-only')).toBeVisible();
  const zones = page.getByTestId('facility-zones');
  await expect(zones.getByLabel('Time zone of MAIN', { exact: true })).toHaveValue('America/Denver');
  await expect(zones.getByLabel('Time zone of MAIN', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Save / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send test email' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'EHR connections' })).toHaveCount(0);
});
