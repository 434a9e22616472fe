import { expect, test } from '@playwright/test';
import { lastMonth, seedServedMonth, seriousViolations } from '../helpers/served-month';
import { apiCall, FIRST_SUPERVISOR, openConsole, screenshot, serveForSpec } from './serve-fixture';

/**
 * From card to bank, end to end in Chromium (#24): a supervisor matches last month's split deposit by hand and
 * balances the month; an operator's manual payment above her threshold waits held until the supervisor
 * approves it on the Approvals screen; then the supervisor prepares last month's close and a second
 * supervisor closes it, and the two reopen it (one asks with a reason, the other approves). The dashboard
 * shows the team's measures against their targets.
 */

/** Last month: batch A paid whole (DEP-A); batch B (690.00 net) paid by the bank in two deposits. */
const serve = serveForSpec((started) =>
  seedServedMonth(started.dataDir, {
    day: 14,
    payments: [
      { processorTxnId: 'C2B-A', amountMinor: 50_000, totalFeeMinor: 1_000, batchId: 'A-300' },
      { processorTxnId: 'C2B-B', amountMinor: 70_000, totalFeeMinor: 1_000, batchId: 'B-400' },
    ],
    deposits: [
      { day: 16, amountMinor: 49_000, bankReference: 'DEP-A' },
      { day: 16, amountMinor: 40_000, bankReference: 'DEP-B1' },
      { day: 17, amountMinor: 29_000, bankReference: 'DEP-B2' },
    ],
    match: false,
  }),
);

const OPERATOR = { username: 'olive.ops', password: 'a long enough operator password' };
const SECOND = { username: 'alex.checker', password: 'another long enough password' };

test('a supervisor matches a split deposit by hand, approves an operator’s manual posting, and closes the month with a second supervisor', async ({
  browser,
  page,
  request,
}) => {
  const started = serve();
  await apiCall(started, request, 'accounts.save', { ...OPERATOR, role: 'operator' });
  await apiCall(started, request, 'accounts.save', { ...SECOND, role: 'supervisor' });
  const month = lastMonth();

  // 1. The split deposit, by hand, then the rest by the matcher; the month balances.
  await openConsole(page, started);
  await page.getByRole('link', { name: 'Cash' }).click();
  const period = page.getByRole('form', { name: 'Period' });
  await period.getByLabel('From').fill(`${month}-01`);
  await period.getByLabel('To').fill(`${month}-28`);
  const deposits = page.getByRole('table', { name: 'Unmatched deposits' });
  await expect(deposits).toContainText('DEP-B2');
  await page.getByRole('checkbox', { name: /^Deposit DEP-B1 / }).check();
  await page.getByRole('checkbox', { name: /^Deposit DEP-B2 / }).check();
  await page.getByRole('checkbox', { name: /^Batch B-400 / }).check();
  await page.getByRole('button', { name: 'Match selected' }).click();
  await expect(page.getByText(/^Matched \(match \d+\)\.$/)).toBeVisible();
  await expect(deposits).not.toContainText('DEP-B1');
  await page.getByRole('button', { name: 'Match deposits' }).click();
  await expect(page.getByText(/^1 matched; 0 deposits and 0 batches left for a person\.$/)).toBeVisible();

  // 2. The operator enters a payment above her threshold (1,000.00): stored, held for a second person.
  const opsContext = await browser.newContext();
  const ops = await opsContext.newPage();
  await openConsole(ops, started, OPERATOR);
  await ops.getByRole('link', { name: 'Manual payment' }).click();
  const form = ops.getByRole('form', { name: 'Manual payment' });
  await form.getByLabel('Receipt or transaction number').fill('MAN-2500');
  await form.getByLabel('Amount').fill('2500.00');
  await form.getByLabel('Facility').fill('MAIN');
  await form.getByLabel('Guarantor account').fill('G930777');
  await form.getByRole('button', { name: 'Record manual payment' }).click();
  await expect(form.getByRole('status')).toContainText(
    'Recorded MAN-2500, held until a second person approves it',
  );
  // She sees it waiting, and cannot decide it herself.
  await ops.getByRole('link', { name: 'Approvals' }).click();
  await expect(ops.getByTestId('approval-MAN-2500')).toContainText('Yours: another person decides');
  await expect(ops.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await opsContext.close();

  // 3. The supervisor approves it on the Approvals screen.
  await page.getByRole('link', { name: 'Approvals' }).click();
  const row = page.getByTestId('approval-MAN-2500');
  await expect(row).toContainText('$2,500.00');
  await expect(row).toContainText('Above $1,000.00');
  await expect(row).toContainText(OPERATOR.username);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'approvals.png');
  // Rejecting without a note is refused under the note before anything is sent: the entry still waits.
  await row.getByRole('button', { name: 'Reject' }).click();
  const decideNote = row.getByLabel('Note on MAN-2500');
  await expect(decideNote).toHaveAttribute('aria-invalid', 'true');
  await expect(row).toContainText('Say why it is rejected: the person who entered it reads the note.');
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('approvals-empty')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Latest decisions' })).toContainText(
    `Approved by ${FIRST_SUPERVISOR.username}`,
  );

  // 4. The month closes: prepared by the supervisor, approved by a second one.
  await page.getByRole('link', { name: 'Cash' }).click();
  const close = page.getByRole('region', { name: 'Month-end close' });
  await close.getByLabel('Month', { exact: true }).fill(month);
  await close.getByRole('button', { name: 'Prepare close' }).click();
  await expect(close.getByRole('status')).toContainText(`prepared by ${FIRST_SUPERVISOR.username}`);
  const context = await browser.newContext();
  const second = await context.newPage();
  await openConsole(second, started, SECOND);
  await second.getByRole('link', { name: 'Cash' }).click();
  const theirs = second.getByRole('region', { name: 'Month-end close' });
  await theirs.getByLabel('Month', { exact: true }).fill(month);
  await theirs.getByRole('button', { name: 'Approve close' }).click();
  await expect(theirs.getByRole('status')).toContainText(`${month} closed; package written to`);
  await expect(theirs.getByRole('table', { name: 'Closed months' })).toContainText(SECOND.username);

  // 5. A late correction: the supervisor asks to reopen the month with a reason, the second one approves.
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  // Asking without a reason is refused under the reason (cash.close.requestReopen's own words), nothing sent.
  await page.getByRole('button', { name: 'Ask to reopen' }).click();
  await expect(page.getByLabel(`Why reopen ${month}`)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('form', { name: `Reopen ${month}` })).toContainText(
    'Say why the month is reopened',
  );
  await expect(page.getByRole('table', { name: 'Closed months' })).not.toContainText('Reopening asked');
  await page.getByLabel(`Why reopen ${month}`).fill('Deposit DEP-A was booked to the wrong account');
  await page.getByRole('button', { name: 'Ask to reopen' }).click();
  await expect(page.getByRole('table', { name: 'Closed months' })).toContainText(
    `Reopening asked by ${FIRST_SUPERVISOR.username}`,
  );
  await second.reload();
  await expect(second.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await second.getByRole('button', { name: 'Approve reopening' }).click();
  await expect(second.getByRole('table', { name: 'Closed months' })).toContainText(
    'Reopened: prepare it again',
  );
  await context.close();

  // 6. The dashboard holds the team to its targets.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const measures = page.getByTestId('team-measures');
  await expect(measures.getByTestId('measure-autoPostingRate')).toContainText('≥ 97.0 %');
  await expect(measures.getByTestId('measure-unexplainedVariance')).toBeVisible();
});
