/**
 * axe-core on every screen and dialog of the console, in Chromium against serve mode on the sandbox:
 * no serious or critical violation anywhere. A failure lists each rule, its impact and the elements.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FIRST_SUPERVISOR, serveForSpec } from './serve-fixture';
import { seedExceptions } from './serve-process';

const serve = serveForSpec((started) => seedExceptions(started.dataDir));

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
});

/** The serious and critical violations on the page as it is now, one line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${String(v.impact)} ${v.id}: ${v.help} — ${n.target.join(' ')}`));
}

/** Soft, so one run reports every screen's violations, not only the first screen's. */
async function expectClean(page: Page, what: string): Promise<void> {
  expect.soft(await seriousViolations(page), what).toEqual([]);
}

async function go(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  // The hash router: the same tab keeps its session, as an operator following a link would.
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('every screen and dialog has no serious or critical accessibility violation', async ({ page }) => {
  await page.goto(serve().url);
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'sign-in');
  await expectClean(page, 'sign-in');
  await page.getByLabel('User name').fill(FIRST_SUPERVISOR.username);
  await page.getByLabel('Password').fill(FIRST_SUPERVISOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');

  await expect(page.getByRole('table', { name: 'Postings by status and EHR' })).toBeVisible();
  await expectClean(page, 'dashboard');

  await go(page, '#/exceptions', 'Exceptions');
  const queue = page.getByRole('grid', { name: 'Exception queue' });
  await expect(queue).toContainText('G100234');
  await expectClean(page, 'exceptions');

  await page.getByRole('button', { name: 'Bulk action…' }).click();
  const bulk = page.getByRole('dialog', { name: 'Bulk action' });
  await expect(bulk).toBeVisible();
  await expectClean(page, 'bulk action: choose');
  // Assigning to nobody: the field marked required and refused under it.
  await bulk.getByLabel('Assign', { exact: true }).check();
  await bulk.getByRole('button', { name: 'Preview' }).click();
  await expect(bulk.getByLabel('Assign to')).toHaveAttribute('aria-invalid', 'true');
  await expectClean(page, 'bulk action: assignee refused');
  await bulk.getByLabel('Retry now').check();
  await bulk.getByRole('button', { name: 'Preview' }).click();
  await expect(bulk.getByTestId('bulk-preview')).toBeVisible();
  await expectClean(page, 'bulk action: preview');
  await bulk.getByRole('button', { name: /^Run on/ }).click();
  await expect(bulk.getByTestId('bulk-receipt')).toBeVisible();
  await expectClean(page, 'bulk action: receipt');
  await bulk.getByRole('button', { name: 'Close' }).click();
  await expect(bulk).toBeHidden();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expectClean(page, 'keyboard shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await queue.getByRole('row').filter({ hasText: 'G100234' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Payment / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'What to do' })).toBeVisible();
  await expectClean(page, 'item detail');

  for (const [hash, heading, name] of [
    ['#/manual', /Manual payment/i, 'manual payment'],
    ['#/transactions', 'Transactions', 'transactions'],
    ['#/quarantine', 'Quarantine', 'quarantine'],
    ['#/import', 'Import', 'import'],
    ['#/reconciliation', 'Reconciliation', 'reconciliation'],
    ['#/settings', 'Settings', 'settings'],
  ] as const) {
    await go(page, hash, heading);
    await expectClean(page, name);
  }
});
