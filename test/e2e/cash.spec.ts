import AxeBuilder from '@axe-core/playwright';
import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { createRepositories } from '../../src/main/store/repositories';
import { depositInto, fundInto } from '../helpers/cash-seed';
import { seedPosting } from '../helpers/seed';
import { openConsole, screenshot, serveForSpec } from './serve-fixture';
import { servedDatabase } from './serve-process';

/** The first day of this month in the browser's zone: inside the Cash screen's default range whatever today is. */
function firstOfMonth(): string {
  const now = new Date();
  return `${String(now.getFullYear())}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * A month's cash, written straight into the served database: batch A paid whole, batch B split by the bank
 * into two deposits that differ from the plan's pairing, and a deposit nobody can explain yet.
 */
const serve = serveForSpec((started) => {
  const db = new BetterSqlite3(servedDatabase(started.dataDir));
  db.pragma('busy_timeout = 5000');
  try {
    const repos = createRepositories(db);
    const day = firstOfMonth();
    const at = Date.parse(`${day}T15:00:00Z`);
    const now = Date.now();
    seedPosting(repos, 'success', { processorTxnId: 'E2E-A', amountMinor: 50_000, transactionAt: at }, at);
    seedPosting(repos, 'success', { processorTxnId: 'E2E-B', amountMinor: 70_000, transactionAt: at }, at);
    // Taken at the desk, refused by the EHR: unposted cash until someone posts it.
    seedPosting(
      repos,
      'failure',
      { processorTxnId: 'E2E-U', amountMinor: 4_500, tender: 'cash', facility: 'NORTH', transactionAt: at },
      at,
    );
    fundInto(
      repos,
      db,
      [
        { requestId: 'E2E-A', batchId: 'A-100', fundingDate: day, amountMinor: 50_000, totalFeeMinor: 1_000 },
        { requestId: 'E2E-B', batchId: 'B-200', fundingDate: day, amountMinor: 70_000, totalFeeMinor: 1_000 },
      ],
      now,
    );
    depositInto(
      repos,
      db,
      [
        { bookingDate: day, amountMinor: 49_000, bankReference: 'DEP-A' },
        { bookingDate: day, amountMinor: 40_000, bankReference: 'DEP-B1' },
        { bookingDate: day, amountMinor: 28_000, bankReference: 'DEP-B2' },
        { bookingDate: day, amountMinor: 1_234, bankReference: 'DEP-X' },
      ],
      now,
    );
  } finally {
    db.close();
  }
});

test('a supervisor matches a split deposit by hand, runs matching, assigns what is left and balances', async ({
  page,
}) => {
  await openConsole(page, serve());
  await page.getByRole('link', { name: 'Cash' }).click();
  await expect(page.getByRole('heading', { name: 'Cash', level: 1 })).toBeVisible();
  const deposits = page.getByRole('table', { name: 'Unmatched deposits' });
  await expect(deposits).toContainText('DEP-B1');

  // Nothing ticked: each side says so under its table, and nothing is sent.
  await page.getByRole('button', { name: 'Match selected' }).click();
  await expect(page.getByText('Choose at least one')).toHaveCount(2);
  await expect(deposits).toHaveAccessibleDescription('Choose at least one');

  // The split: 400.00 and 290.00 are batch B's 690.00 less 10.00 the processor kept; a note says why.
  await page.getByRole('checkbox', { name: /^Deposit DEP-B1 / }).check();
  await page.getByRole('checkbox', { name: /^Deposit DEP-B2 / }).check();
  await page.getByRole('checkbox', { name: /^Batch B-200 / }).check();
  await page.getByRole('button', { name: 'Match selected' }).click();
  await expect(page.getByRole('alert')).toContainText('say why in a note');
  await page
    .getByLabel('Why they differ (needed when they do)')
    .fill('Deposit split by the bank; 10.00 adjustment');
  await page.getByRole('button', { name: 'Match selected' }).click();
  await expect(page.getByText(/^Matched \(match \d+\)\.$/)).toBeVisible();
  await expect(deposits).not.toContainText('DEP-B1');

  await page.getByRole('button', { name: 'Match deposits' }).click();
  await expect(page.getByText('1 matched; 1 deposits and 0 batches left for a person.')).toBeVisible();
  const exceptions = page.getByRole('table', { name: 'Cash exceptions' });
  await expect(exceptions).toContainText('$12.34');
  // No owner typed: refused under the field by cash.assign's own rule, nothing sent.
  await exceptions.getByRole('button', { name: 'Assign' }).click();
  await expect(exceptions).toContainText('Required');
  await exceptions.getByRole('textbox').fill('dana.cash');
  await exceptions.getByRole('button', { name: 'Assign' }).click();
  await expect(exceptions).toContainText('dana.cash');

  await page.getByRole('button', { name: 'Balance four ways' }).click();
  const balance = page.getByRole('region', { name: 'Cash balance' });
  await expect(balance).toContainText('2 variances, 1 unexplained');
  await expect(page.getByRole('table', { name: 'Cash variances' })).toContainText(
    'Deposit with no funding batch',
  );
  // The balance per facility and merchant account: batch A's and B's deposits are MAIN's; the stray deposit is
  // nobody's until it is explained.
  const byFacility = page.getByRole('table', { name: 'Cash balance by facility' });
  await expect(byFacility.getByRole('row', { name: /^MAIN hospital_main/ })).toBeVisible();
  await expect(byFacility.getByRole('row', { name: /^Unattributed/ })).toContainText('$12.34');

  // Unposted cash: its total, and someone takes it up with a follow-up day.
  await expect(page.getByRole('status', { name: 'Unposted cash total' })).toContainText(
    '$45.00 in 1 payment(s)',
  );
  await page.getByRole('button', { name: 'Follow up payment E2E-U' }).click();
  // Saving with no owner is refused under the owner (marked required), and nothing is saved.
  await page.getByLabel('Owner', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Owner', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Owner', { exact: true })).toHaveAttribute('aria-required', 'true');
  await expect(page.getByRole('form', { name: 'Follow-up of payment E2E-U' })).toContainText('Required');
  await page.getByLabel('Owner', { exact: true }).fill('lee.cash');
  await page.getByLabel('Note').fill('EHR refused: account merged');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('table', { name: 'Unposted cash' })).toContainText('lee.cash');

  // The screen with every panel showing has no serious or critical accessibility violation.
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  expect(serious).toEqual([]);
  await screenshot(page, 'cash.png');
});
