import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, openConsole, serveForSpec } from './serve-fixture';

const serve = serveForSpec();

const CARD = '4111 1111 1111 1111';
const HEADER = 'Txn Ref,Paid,Paid On,Curr,Acct,Site,System,Kind,Note';
// Another processor's export: a title line and a header no built-in format knows. One row carries a card
// number in a free-text column: its sample is masked and the row goes to quarantine.
const MARCH = [
  'Acme Pay settlement export (March)',
  HEADER,
  'AP-3001,25.00,2025-03-04,USD,G2001,MAIN,Epic,SALE,',
  'AP-3002,10.50,2025-03-04,USD,G2002,MAIN,Epic,SALE,by phone',
  `AP-3003,8.00,2025-03-04,USD,G2003,MAIN,Epic,SALE,card ${CARD}`,
  'AP-3004,7.00,2025-03-04,USD,G2004,MAIN,Epic,DECLINE,',
].join('\n');
const APRIL = [
  HEADER,
  'AP-4001,40.00,2025-04-01,USD,G2005,MAIN,Epic,SALE,',
  'AP-4002,12.00,2025-04-01,USD,G2006,MAIN,Epic,SALE,',
].join('\n');

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** Import is its own screen, reached from the navigation. */
async function openImport(page: Page) {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Import', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
}

async function summaryOf(page: Page) {
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  return JSON.parse((await page.getByTestId('import-summary').getAttribute('data-counts')) ?? '{}') as Record<
    string,
    number
  >;
}

test('another processor’s report is imported through the column mapping, and its next file needs none', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1440, height: 1600 });
  await openImport(page);

  const chooser = page.getByLabel('Choose a processor report file', { exact: true });
  await chooser.setInputFiles(csv('acme-march.csv', MARCH));
  await expect(page.getByTestId('import-recognised')).toHaveText(/Not a format Clearpost knows/);
  const editor = page.getByTestId('mapping-editor');
  await expect(editor).toBeVisible();

  // The sample shows the file's rows through the card guard: the card number masked to its last four.
  const sample = editor.getByTestId('mapping-sample');
  await expect(sample).toContainText('AP-3001');
  await expect(sample).toContainText('**** **** **** 1111');
  expect(await sample.textContent()).not.toContain(CARD);

  // Without a source name (and before the kind values are given) nothing is imported.
  await editor.getByLabel('Kind (payment, refund…) column').selectOption('Kind');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'complete the column mapping' })).toBeVisible();
  await expect(editor.getByText('The source needs a name')).toBeVisible();
  await expect(editor.getByLabel('Source (the processor)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('import-status')).toHaveCount(0);

  await editor.getByLabel('Source (the processor)').fill('Acme Pay');
  await editor.getByLabel('Transaction id column').selectOption('Txn Ref');
  await editor.getByLabel('Amount column').selectOption('Paid');
  await editor.getByLabel('Transaction date column').selectOption('Paid On');
  await editor.getByLabel('Currency column').selectOption('Curr');
  await editor.getByLabel('Guarantor account column').selectOption('Acct');
  await editor.getByLabel('Facility column').selectOption('Site');
  await editor.getByLabel('EHR column').selectOption('System');
  await editor.getByLabel('Payment', { exact: true }).fill('SALE');
  await editor.getByLabel('Declined', { exact: true }).fill('decline');
  await page.screenshot({ path: join(SCREENSHOTS, 'mapping-editor.png'), fullPage: true });
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const first = await summaryOf(page);
  expect(first).toEqual({ rows: 4, imported: 3, quarantined: 1, duplicates: 0 });
  await expect(page.getByTestId('import-status')).toContainText(
    'acme-march.csv (Acme Pay): 3 rows imported, 1 row sent to Quarantine.',
  );
  // The file's quarantined rows are one link away; Back returns to the import.
  await page.getByRole('link', { name: 'Open this file’s rows in Quarantine' }).click();
  await expect(page.getByTestId('quarantine-row')).toHaveCount(1);
  await expect(page.getByTestId('quarantine-row')).toContainText('acme-march.csv#');
  await expect(page.getByTestId('quarantine-row')).not.toContainText(CARD);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();

  // The next file from the same processor: recognised by its saved mapping, imported without mapping.
  await chooser.setInputFiles(csv('acme-april.csv', APRIL));
  await expect(page.getByTestId('import-recognised')).toHaveText('Recognised: Acme Pay.');
  await expect(page.getByTestId('mapping-editor')).toHaveCount(0);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await summaryOf(page)).toEqual({ rows: 2, imported: 2, quarantined: 0, duplicates: 0 });
  await expect(page.getByTestId('import-status')).toContainText('acme-april.csv (Acme Pay)');

  // The saved mapping is offered by name in the format list.
  await expect(
    page.getByLabel('Format').locator('option', { hasText: 'Acme Pay (saved mapping)' }),
  ).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('intake rules: a default facility and a merged account are saved in Settings and kept after a reload', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Intake rules' });
  await expect(form).toBeVisible();

  const saves: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/intake.rules.save')) saves.push(request.url());
  });

  // A merged account that names no retired account is refused on its field by the rules main saves with,
  // before anything is sent; so is a default facility longer than main stores.
  const facility = form.getByLabel('Default facility', { exact: true });
  await facility.fill('F'.repeat(101));
  await form.getByRole('button', { name: 'Add a merged account' }).click();
  await form.getByLabel('Merged account 1 surviving account').fill('G-NEW-1');
  await form.getByRole('button', { name: 'Save intake rules' }).click();
  const retired = form.getByLabel('Merged account 1 retired account');
  await expect(retired).toHaveAttribute('aria-invalid', 'true');
  await expect(retired).toHaveAttribute('aria-required', 'true');
  await expect(retired).toHaveAccessibleDescription('Required');
  await expect(facility).toHaveAccessibleDescription(/At most 100 characters/);
  expect(saves).toEqual([]);

  await facility.fill('MAIN');
  await retired.fill('G-OLD-1');
  await expect(retired).not.toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Save intake rules' }).click();
  await expect(form.getByRole('button', { name: 'Save intake rules' })).toBeDisabled();
  expect(saves).toHaveLength(1);

  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  const reloaded = page.getByRole('form', { name: 'Intake rules' });
  await expect(reloaded.getByLabel('Default facility')).toHaveValue('MAIN');
  await expect(reloaded.getByLabel('Merged account 1 retired account')).toHaveValue('G-OLD-1');
  await expect(reloaded.getByLabel('Merged account 1 surviving account')).toHaveValue('G-NEW-1');
  expect(errors).toEqual([]);
});
