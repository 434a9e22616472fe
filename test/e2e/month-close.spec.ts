import { expect, test } from '@playwright/test';
import { lastMonth, seedServedMonth, seriousViolations } from '../helpers/served-month';
import { apiCall, FIRST_SUPERVISOR, openConsole, screenshot, serveForSpec } from './serve-fixture';

/** Last month balanced four ways: one payment, posted, funded and deposited, the deposit matched. */
const serve = serveForSpec((started) =>
  seedServedMonth(started.dataDir, {
    day: 15,
    payments: [{ processorTxnId: 'CLOSE-A', amountMinor: 50_000, totalFeeMinor: 1_000, batchId: 'C-100' }],
    deposits: [{ day: 17, amountMinor: 49_000, bankReference: 'DEP-C' }],
    match: true,
  }),
);

const SECOND = { username: 'alex.close', password: 'another long enough password' };

test('a supervisor prepares last month, cannot approve it herself, and a second supervisor closes it', async ({
  browser,
  page,
  request,
}) => {
  const started = serve();
  await openConsole(page, started);
  await page.getByRole('link', { name: 'Cash' }).click();
  const panel = page.getByRole('region', { name: 'Month-end close' });
  await expect(panel.getByLabel('Month', { exact: true })).toHaveValue(lastMonth());
  await panel.getByRole('button', { name: 'Prepare close' }).click();
  await expect(panel.getByRole('status')).toContainText(`prepared by ${FIRST_SUPERVISOR.username}`);
  await expect(panel.getByRole('table', { name: 'Closed months' })).toContainText('Awaiting approval');
  await panel.getByRole('button', { name: 'Approve close' }).click();
  await expect(panel.getByRole('alert')).toContainText('a second supervisor must approve it');

  await apiCall(started, request, 'accounts.save', { ...SECOND, role: 'supervisor' });
  // A browser context of their own: a second session, as on a second workstation.
  const context = await browser.newContext();
  const second = await context.newPage();
  await openConsole(second, started, SECOND);
  await second.getByRole('link', { name: 'Cash' }).click();
  const theirs = second.getByRole('region', { name: 'Month-end close' });
  await theirs.getByRole('button', { name: 'Approve close' }).click();
  await expect(theirs.getByRole('status')).toContainText(`${lastMonth()} closed; package written to`);
  const months = theirs.getByRole('table', { name: 'Closed months' });
  await expect(months).toContainText('Closed');
  await expect(months).toContainText(SECOND.username);
  await expect(months).toContainText(`close-${lastMonth()}-all`);

  expect(await seriousViolations(second)).toEqual([]);
  await screenshot(second, 'month-close.png');
  await context.close();
});
