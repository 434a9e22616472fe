/**
 * The queue an operator works at 1280 px, in Chromium against serve mode: the reason and next step read in
 * full for the cursor item, items arriving meanwhile are announced instead of inserted under the pointer,
 * a single click or Enter opens an item, and the bulk dialog leaves the page behind it inert.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiCall, openConsole, serveForSpec } from './serve-fixture';
import { seedPostings, type SeedRow } from './serve-process';

const NOT_FOUND_STEP = 'Manually post payment after confirming the guarantor account or encounter number.';

const failure = (txn: string, account: string): SeedRow => ({
  txn,
  ehr: 'oracle_health',
  account,
  amountMinor: 5_000,
  status: 'failure',
  reasonCode: 'not_found',
  // As stored before reasons were put in words: the console must not show the HTTP status.
  reason: '404 Not Found: Account not found',
  nextStep: NOT_FOUND_STEP,
});

const serve = serveForSpec((started) =>
  seedPostings(started.dataDir, [failure('9101', 'G910001'), failure('9102', 'G910002')]),
);

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
});

async function openQueue(page: Page) {
  await openConsole(page, serve());
  await page.getByRole('link', { name: 'Exceptions', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Exception queue' });
  await expect(grid).toContainText('G910001');
  return grid;
}

test('the cursor item reads in full, in words, with no HTTP status', async ({ page }) => {
  const grid = await openQueue(page);
  await expect(grid).not.toContainText('404');
  await grid.focus();
  await page.keyboard.press('Home');
  const pane = page.getByTestId('queue-pane');
  await expect(pane).toContainText('The account or encounter was not found in Oracle Health.');
  await expect(pane).toContainText(`Next step: ${NOT_FOUND_STEP}`);
  await expect(pane).toContainText('Oracle Health said: “Account not found”');
  // The grid's own cells: the assignee column is on screen at 1280 px.
  const assignee = page.getByRole('columnheader', { name: 'Assignee' });
  const box = await assignee.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1280);
});

test('items arriving while the operator reads are announced, not inserted under the pointer', async ({
  page,
  request,
}) => {
  const grid = await openQueue(page);
  seedPostings(serve().dataDir, [failure('9103', 'G910003'), failure('9104', 'G910004')]);
  // Any change main reports makes the queue refresh: here, someone assigns one of the items.
  const { rows } = (await apiCall(serve(), request, 'queue.list', { search: 'G910002' })) as {
    rows: { postingId: number }[];
  };
  await apiCall(serve(), request, 'postings.assign', { id: rows[0]?.postingId, assignee: 'dana' });
  await expect(grid).toContainText('dana');
  const arrivals = page.getByTestId('queue-arrivals');
  await expect(arrivals).toContainText('2 new items since you started reading.');
  await expect(grid).not.toContainText('G910003');
  await arrivals.getByRole('button', { name: 'Show them' }).click();
  await expect(grid).toContainText('G910003');
  await expect(grid).toContainText('G910004');
  await expect(arrivals).toBeHidden();
});

test('one click opens an item; Enter opens the cursor item', async ({ page }) => {
  const grid = await openQueue(page);
  await grid.getByRole('row').filter({ hasText: 'G910001' }).getByText('G910001').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment 9101' })).toBeVisible();
  // Failure whose guidance is to post by hand: that is the primary action, Retry the secondary one.
  await expect(page.getByRole('button', { name: 'Retry now' })).toHaveClass(/secondary/);
  await expect(page.getByRole('button', { name: 'Mark manually posted' })).not.toHaveClass(/secondary/);
  await page.keyboard.press('Escape');
  await expect(grid).toBeVisible();
  await grid.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Payment 91/ })).toBeVisible();
});

test('the bulk dialog leaves the page behind it inert', async ({ page }) => {
  await openQueue(page);
  await page.getByRole('button', { name: 'Bulk action…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk action' });
  await expect(dialog).toBeVisible();
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('#root')).not.toHaveAttribute('inert', '');
  await expect(page.getByRole('button', { name: 'Bulk action…' })).toBeFocused();
});

test('a count on the dashboard opens the queue filtered to it', async ({ page }) => {
  await openConsole(page, serve());
  await page.getByTestId('count-failure-oracle_health').getByRole('button').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Exceptions' })).toBeVisible();
  await expect(page.getByLabel('EHR')).toHaveValue('oracle_health');
  await expect(page.getByRole('grid', { name: 'Exception queue' })).toContainText('G910001');
});
