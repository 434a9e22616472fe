/** Issue 22: the Reconciliation and Transactions screens an operator trusts. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openConsole, serveForSpec } from './serve-fixture';
import { seedExceptions } from './serve-process';

/** The sandbox facilities' day (America/Chicago decides "the day" by default). */
function facilityDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(d);
}

const serve = serveForSpec((started) => seedExceptions(started.dataDir));

test('reconciliation clears its answer when the report changes, keeps the day, and refuses an early file in a whole sentence', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('link', { name: 'Reconciliation' }).click();

  await page.getByLabel('Day').fill(facilityDay());
  await page.getByLabel('Facility').fill('MAIN');
  await page.getByRole('button', { name: 'Preview' }).click();
  const totals = page.getByRole('table', { name: 'Control totals for MAIN' });
  // Totals by their names, never the stored keys.
  await expect(totals).toContainText('Payment kind');
  await expect(totals).toContainText('One-time payment');
  await expect(totals).not.toContainText('one_time_payment');

  // Another report: the old answer goes, rather than staying above the new one.
  await page.getByRole('combobox', { name: 'Report' }).selectOption({ label: 'Epic void/refund file' });
  await expect(totals).toBeHidden();

  // The day and facility are kept while the operator visits another screen.
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await nav.getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.getByLabel('Day')).toHaveValue(facilityDay());
  await expect(page.getByLabel('Facility')).toHaveValue('MAIN');

  // Today is not over: the Epic file is refused in one whole sentence that says what to do.
  await page.getByRole('combobox', { name: 'Report' }).selectOption({ label: 'Epic void/refund file' });
  await page.getByRole('button', { name: 'Write file' }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText(`The Epic void/refund file for ${facilityDay()} cannot be written yet`);
  await expect(refusal).toContainText('Write it from midnight there, or choose an earlier day.');
});

test('transactions have a date range, a count and a CSV export, and Back returns to them', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Transactions' }).click();
  const count = page.getByTestId('transactions-count');
  await expect(count).toHaveText(/^\d+ payments? match\.$/);
  const all = Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
  expect(all).toBeGreaterThan(0);

  // A range that ends before it starts is named before anything is asked.
  await page.getByLabel('From').fill(facilityDay(2));
  await page.getByLabel('To').fill(facilityDay(1));
  await expect(page.getByRole('alert')).toHaveText('The date range ends before it starts.');
  await expect(page.getByRole('button', { name: 'Search' })).toBeDisabled();

  // A range with nothing in it: zero, and the list says so.
  await page.getByLabel('To').fill(facilityDay(3));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(count).toHaveText('0 payments match.');
  await page.getByLabel('From').fill('');
  await page.getByLabel('To').fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(count).toHaveText(`${String(all)} ${all === 1 ? 'payment' : 'payments'} match.`);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^clearpost-transactions-.*\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toMatch(/^posting_id,processor_transaction_id,status,kind,tender,amount,currency,/);
  expect(csv).toHaveLength(all + 2);
  expect(csv.at(-1)).toMatch(new RegExp(`^total,,,${String(all)} payments?,`));
  await expect(page.getByRole('status').filter({ hasText: /^Saved \d+ payments?/ })).toBeVisible();

  // Back from an item returns to Transactions, not to the exception queue.
  await page.getByRole('table', { name: 'Transactions' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Payment / })).toBeVisible();
  await page
    .getByRole('link', { name: /Back/ })
    .or(page.getByRole('button', { name: /Back/ }))
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transactions' })).toBeVisible();
});

test('a day of the dashboard chart opens the queue filtered to that day, from the keyboard', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Dashboard' }).click();
  const days = page.getByRole('button', { name: /Open the queue for/ });
  await expect(days).toHaveCount(14);
  // Today is the last day; its name says its counts before the operator opens it.
  const todayButton = days.last();
  await expect(todayButton).toHaveAccessibleName(
    /^.+: \d+ posted, \d+ failed attempts\. Open the queue for /,
  );
  await todayButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeVisible();
  // The console's own day (this browser's time zone), from and to.
  const today = await page.evaluate(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
  await expect(page.getByRole('textbox', { name: 'From', exact: true })).toHaveValue(today);
  await expect(page.getByRole('textbox', { name: 'To', exact: true })).toHaveValue(today);
});

test('the manual payment form shows the server’s rules per field, in words, before anything is sent', async ({
  page,
}) => {
  await openConsole(page, serve());
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: 'Manual payment' })
    .click();
  const form = page.getByRole('form', { name: 'Manual payment' });
  // Required as the server says: marked for the eye and for assistive technology; optional fields are not.
  const facility = form.getByRole('combobox', { name: 'Facility', exact: true });
  await expect(facility).toHaveAttribute('aria-required', 'true');
  for (const label of ['Receipt or transaction number', 'Amount', 'Guarantor account']) {
    await expect(form.getByRole('textbox', { name: label, exact: true })).toHaveAttribute(
      'aria-required',
      'true',
    );
  }
  await expect(form.getByRole('textbox', { name: 'Encounter (optional)' })).not.toHaveAttribute(
    'aria-required',
  );
  await expect(form.getByText('Fields marked * are required.')).toBeVisible();

  // Sending it empty: each refusal under its field, in the server's words, and nothing recorded.
  await form.getByRole('button', { name: 'Record manual payment' }).click();
  const amount = form.getByRole('textbox', { name: 'Amount', exact: true });
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveAccessibleDescription(/The amount is required/);
  await expect(facility).toHaveAccessibleDescription(/The facility is required/);
  await expect(form.getByRole('status')).toHaveCount(0);

  // A malformed receipt number is named when the field is left, before sending.
  const receipt = form.getByRole('textbox', { name: 'Receipt or transaction number', exact: true });
  await receipt.fill('MAN 0042');
  await receipt.blur();
  await expect(receipt).toHaveAccessibleDescription('Letters, digits and . _ : - only');
  await receipt.fill('MAN-0042');
  await expect(receipt).not.toHaveAttribute('aria-invalid');
});
