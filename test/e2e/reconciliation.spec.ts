import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openConsole, screenshot, serveForSpec } from './serve-fixture';
import { seedExceptions } from './serve-process';

/** The sandbox facilities' day (America/Chicago decides "the day" by default). */
function facilityDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(d);
}

const serve = serveForSpec((started) => seedExceptions(started.dataDir));

test('an operator previews the day’s reconciliation, writes a file and balances the day', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.getByRole('heading', { name: 'Reconciliation', level: 1 })).toBeVisible();

  await page.getByLabel('Day').fill(facilityDay());
  await page.getByLabel('Facility').fill('MAIN');
  await page.getByRole('button', { name: 'Preview' }).click();
  const totals = page.getByRole('table', { name: 'Control totals for MAIN' });
  await expect(totals).toBeVisible();
  await expect(page.getByRole('table', { name: 'First rows for MAIN' })).toContainText('7001');

  await page.getByRole('button', { name: 'Balance the day' }).click();
  await expect(page.getByRole('region', { name: 'Balancing' })).toContainText('Processor');
  await page.getByRole('button', { name: 'Write variances' }).click();
  await expect(page.getByRole('region', { name: 'Variances written' })).toContainText('balance_MAIN_');

  // Yesterday is over in every facility: its file can be written.
  await page.getByLabel('Day').fill(facilityDay(-1));
  await page.getByRole('button', { name: 'Write file' }).click();
  await expect(page.getByRole('region', { name: 'Files written' })).toContainText('recon_MAIN_');
  await expect(page.getByRole('table', { name: 'Generated files' })).toContainText('recon_MAIN_');

  // In a browser the file comes down through the console's own authenticated request.
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('region', { name: 'Files written' })
    .getByRole('button', { name: /^Download recon_MAIN_\d{4}-\d{2}-\d{2}\.csv$/ })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^recon_MAIN_\d{4}-\d{2}-\d{2}\.csv$/);
  expect(readFileSync(await download.path(), 'utf8')).toContain('Transaction ID');
  await screenshot(page, 'reconciliation.png');
});
