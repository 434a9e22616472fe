import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openConsole, screenshot, serveForSpec } from './serve-fixture';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'intake', 'transaction-request.csv');

const serve = serveForSpec();

/** No serious or critical axe-core violation on the page as it is now (the warning, the bulk panel). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  expect.soft(serious, what).toEqual([]);
}

test('a report file imported from the console lands its bad rows in quarantine, where they are resolved', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  // Tall enough that the list and the opened entry show in the screenshots.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  // Import is its own screen in the navigation.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Import', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();

  // The sandbox says before anything is imported that rows go to the simulators only.
  await expect(page.getByTestId('import-sandbox-note')).toContainText('posted to the simulated EHRs only');
  // Import: the file input behind the drop area. This report names no facility: said before importing.
  const chooser = page.getByLabel('Choose a processor report file', { exact: true });
  await chooser.setInputFiles(FIXTURE);
  await expect(page.getByTestId('import-file')).toContainText('transaction-request.csv');
  const warning = page.getByTestId('import-facility-warning');
  await expect(warning).toContainText('wait in Quarantine');
  // A facility longer than main stores is refused under the field by imports.start's own rule: nothing sent.
  const starts: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/imports.start')) starts.push(request.url());
  });
  const facility = page.getByLabel('Facility (for rows that name none)', { exact: true });
  await facility.fill('F'.repeat(101));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(facility).toHaveAttribute('aria-invalid', 'true');
  await expect(facility).toHaveAccessibleDescription(/At most 100 characters/);
  expect(starts).toEqual([]);
  await facility.fill('');
  await expect(facility).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await expectAccessible(page, 'import: the facility warning');
  await warning.getByRole('button', { name: 'Import anyway' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  const summary = JSON.parse(
    (await page.getByTestId('import-summary').getAttribute('data-counts')) ?? '{}',
  ) as Record<string, number>;
  expect(summary).toMatchObject({ rows: 5 });
  expect(summary.imported! + summary.quarantined! + summary.duplicates!).toBe(5);
  expect(summary.quarantined).toBeGreaterThan(0);
  await expect(page.getByTestId('import-status')).toContainText(
    `${String(summary.quarantined)} ${summary.quarantined === 1 ? 'row' : 'rows'} sent to Quarantine`,
  );
  await screenshot(page, 'import.png', { readme: false });

  // The same file again: it says nothing was read again, never "imported in full".
  await chooser.setInputFiles(FIXTURE);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await warning.getByRole('button', { name: 'Import anyway' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(page.getByTestId('import-status')).toContainText(
    'was imported before, so nothing was read again',
  );
  await expect(page.getByTestId('import-status')).not.toContainText('in full');
  await page.getByRole('link', { name: 'Open this file’s rows in Quarantine' }).click();
  await expect(page.getByRole('heading', { name: 'Quarantine', level: 1 })).toBeVisible();

  // The quarantined rows, open, with their reason, source and redacted input.
  const rows = page.getByTestId('quarantine-row');
  await expect(rows).toHaveCount(summary.quarantined!);
  await expect(rows.first()).toContainText('transaction-request.csv#');
  await expect(page.getByTestId('quarantine-count')).toHaveText(String(summary.quarantined));

  // Open one: its reason in words, and the correction form.
  await rows.first().getByRole('button').click();
  const detail = page.getByTestId('quarantine-detail');
  await expect(detail.getByTestId('quarantine-reason')).not.toBeEmpty();
  await expect(detail.getByTestId('quarantine-input')).toContainText('"merchant_id": "stmarys_hosp"');
  await screenshot(page, 'quarantine.png', { readme: false });

  // Release with a correction: released, or refused again with the (new) reason shown.
  await detail.getByLabel('Facility').fill('MAIN');
  await detail.getByLabel('EHR').selectOption('epic');
  await detail.getByRole('button', { name: 'Release' }).click();
  const result = detail.getByTestId('quarantine-result');
  await expect(result).toContainText(/Released|Still quarantined/);
  const stillOpen = /Still quarantined/.test((await result.textContent()) ?? '');
  if (stillOpen) {
    // The refusal is counted and its reason, in words, is shown both in the result and on the entry.
    await expect(detail).toContainText('Refused releases');
    const reason = (await detail.getByTestId('quarantine-reason').innerText()).replace(/\s*\([a-z_]+\)$/, '');
    await expect(result).toContainText(reason);
  }

  // Discard one with a reason: the reason is required, and kept.
  const discardButton = detail.getByRole('button', { name: 'Discard' });
  if (!stillOpen) {
    await detail.getByRole('button', { name: 'Close' }).click();
    await rows.first().getByRole('button').click();
  }
  // Sent without a reason: the server's rule is shown at the field before anything is sent.
  const reason = detail.getByLabel('Reason to discard');
  await expect(reason).toHaveAttribute('aria-required', 'true');
  await discardButton.click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription('A reason is required to discard an input');
  await expect(detail.getByTestId('quarantine-state')).not.toHaveText('Discarded');
  await detail.getByLabel('Reason to discard').fill('Processor review row; handled in the portal');
  await discardButton.click();
  await expect(detail.getByTestId('quarantine-state')).toHaveText('Discarded');
  await expect(detail.getByTestId('quarantine-result')).toContainText('Discarded');

  // The open list no longer shows what was resolved.
  const left = summary.quarantined! - (stillOpen ? 1 : 2);
  await expect(rows).toHaveCount(left);

  // The file has more rows than the two resolved by hand (it names no facility at all).
  expect(left).toBeGreaterThan(0);
  {
    // Every other row of the file at once: one facility and EHR, each row's outcome counted.
    await detail.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Correct every open row shown…' }).click();
    const bulk = page.getByRole('form', { name: /^Correct every open row of transaction-request\.csv/ });
    await expect(bulk.getByRole('status').first()).toContainText(
      `${String(left)} open ${left === 1 ? 'row' : 'rows'}`,
    );
    await expectAccessible(page, 'quarantine: bulk correction');
    await bulk.getByLabel('Set facility').fill('MAIN');
    await bulk.getByLabel('Set EHR').selectOption('epic');
    await bulk.getByRole('button', { name: /^Release \d+ rows?$/ }).click();
    const outcome = bulk.getByTestId('bulk-release-result');
    await expect(outcome).toContainText(/released and queued for posting|still quarantined/);
    await expect(outcome).not.toContainText('done');
    await screenshot(page, 'quarantine-bulk.png', { readme: false });
  }
  expect(errors).toEqual([]);
});
