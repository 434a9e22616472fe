import AxeBuilder from '@axe-core/playwright';
import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { systemClock } from '../../src/main/clock';
import { runMatching } from '../../src/main/reconciliation/cash/run-matching';
import { createRepositories } from '../../src/main/store/repositories';
import { depositInto, fundInto } from '../helpers/cash-seed';
import { seedPosting } from '../helpers/seed';
import { apiCall, FIRST_SUPERVISOR, openConsole, screenshot, serveForSpec } from './serve-fixture';
import { servedDatabase } from './serve-process';

const pad = (n: number) => String(n).padStart(2, '0');
/** Last month in the browser's zone, the month the close panel offers first; its middle days are the same in any zone. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}`;
}

/** Last month balanced four ways: one payment, posted, funded and deposited, the deposit matched. */
const serve = serveForSpec((started) => {
  const db = new BetterSqlite3(servedDatabase(started.dataDir));
  db.pragma('busy_timeout = 5000');
  try {
    const repos = createRepositories(db);
    const month = lastMonth();
    const at = Date.parse(`${month}-15T15:00:00Z`);
    const now = Date.now();
    seedPosting(repos, 'success', { processorTxnId: 'CLOSE-A', amountMinor: 50_000, transactionAt: at }, at);
    fundInto(
      repos,
      db,
      [
        {
          requestId: 'CLOSE-A',
          batchId: 'C-100',
          fundingDate: `${month}-16`,
          amountMinor: 50_000,
          totalFeeMinor: 1_000,
        },
      ],
      now,
    );
    depositInto(
      repos,
      db,
      [{ bookingDate: `${month}-17`, amountMinor: 49_000, bankReference: 'DEP-C' }],
      now,
    );
    runMatching({ from: `${month}-01`, to: `${month}-28` }, { db, repos, clock: systemClock });
  } finally {
    db.close();
  }
});

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

  const axe = await new AxeBuilder({ page: second }).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  expect(serious).toEqual([]);
  await screenshot(second, 'month-close.png');
  await context.close();
});
