/**
 * Settings → Cybersource reporting account, in the browser against serve mode: saved with a field error
 * first, the shared secret typed once and only ever shown as set, and "Test" making a signed request over
 * loopback to a Cybersource simulator started here.
 */
import { expect, test } from '@playwright/test';
import { systemClock } from '../../src/main/clock';
import { createLogger } from '../../src/main/logger';
import {
  SANDBOX_CYBERSOURCE_CREDENTIALS,
  startSandboxProcessor,
  type SandboxProcessor,
} from '../../src/main/sandbox/cybersource/sandbox-processor';
import { openConsole, serveForSpec } from './serve-fixture';

let processor: SandboxProcessor | undefined;
// Registered before serve mode's hooks, so the simulator is up before serve mode starts.
test.beforeAll(async () => {
  processor = await startSandboxProcessor({ clock: systemClock, logger: createLogger(null) });
});
test.afterAll(async () => {
  await processor?.sim.close();
});
const serve = serveForSpec();

test('settings: the Cybersource reporting account is saved, its secret set write-only, and tested', async ({
  page,
}) => {
  const sim = processor!;
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();

  const section = page.getByTestId('reporting-settings');
  await section.getByLabel('Use a Cybersource reporting account').check();
  await section.getByLabel('API host').selectOption('other');
  await section.getByLabel(/^API address/).fill(sim.rest.baseUrl);
  await section.getByLabel('Merchant id', { exact: true }).fill(sim.rest.merchantId);
  await section.getByLabel(/^Key id/).fill(sim.rest.keyId);
  await section.getByLabel('Organization id 1').fill(sim.plan.organizations[0]!.organizationId);
  await section.getByLabel('Facility of organization 1').fill(sim.plan.organizations[0]!.facility);
  // A run time that is not HH:MM is refused by main, next to its field.
  const at = section.getByLabel(/^Morning run time/);
  await at.fill('7am');
  await section.getByRole('button', { name: 'Save cybersource reporting account' }).click();
  await expect(at).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByText('A time of day is HH:MM (24-hour)')).toBeVisible();
  await at.fill('06:45');
  await section.getByRole('button', { name: 'Save cybersource reporting account' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved.');

  // Before the secret is typed, Test says what is missing.
  const reporting = page.getByTestId('cybersource-reporting');
  await expect(page.getByTestId('reporting-secret-status')).toHaveText('not set');
  await reporting.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByTestId('reporting-test-result')).toContainText('It did not work.');
  await expect(page.getByTestId('reporting-test-result')).toContainText('is not in the vault');

  const secret = SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret;
  await page.getByRole('textbox', { name: 'Cybersource shared secret', exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Set shared secret' }).click();
  await expect(page.getByTestId('reporting-secret-status')).toHaveText('set');
  expect(await page.content()).not.toContain(secret);

  await reporting.getByRole('button', { name: 'Test', exact: true }).click();
  const result = page.getByTestId('reporting-test-result');
  await expect(result).toContainText('It works.');
  await expect(result).toContainText(`sent the ${sim.plan.reportName} report`);
  await expect(result).toContainText('HTTP 200');

  // After a reload the saved account is what the form shows.
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  const again = page.getByTestId('reporting-settings');
  await expect(again.getByLabel(/^Morning run time/)).toHaveValue('06:45');
  await expect(again.getByLabel(/^API address/)).toHaveValue(sim.rest.baseUrl);
  await expect(page.getByTestId('reporting-secret-status')).toHaveText('set');
});
