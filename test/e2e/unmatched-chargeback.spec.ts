/**
 * A chargeback for a payment Clearpost does not have yet waits in Quarantine, in plain words: what the case
 * takes back, for which payment, and that Clearpost links it and posts its reversal by itself once the payment
 * arrives. Chromium against serve mode; the case is stored through the import's own path (case-rows.ts).
 */
import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { storeChargebackRows } from '../../src/main/reconciliation/funding/case-rows';
import { createRepositories } from '../../src/main/store/repositories';
import { openConsole, serveForSpec } from './serve-fixture';
import { servedDatabase } from './serve-process';

const serve = serveForSpec((started) => {
  const db = new BetterSqlite3(servedDatabase(started.dataDir));
  db.pragma('busy_timeout = 5000');
  try {
    const repos = createRepositories(db);
    const clock = { now: () => Date.now() };
    db.transaction(() =>
      storeChargebackRows(
        [
          {
            requestId: '7700000000000000000042',
            merchantRef: 'ENC-42',
            caseNumber: 'CB-E2E-1',
            action: 'First Chargeback',
            reasonCode: '10.4',
            amountMinor: 12_500,
            currency: 'USD',
            originalSettlementDate: '2026-11-10',
            chargebackDate: '2026-11-22',
            responseDueDate: '2026-12-02',
          },
        ],
        { fileId: null, sourceRef: 'chargebacks-e2e.csv' },
        { db, repos, clock },
        clock.now(),
      ),
    )();
  } finally {
    db.close();
  }
});

test('an unmatched chargeback waits in Quarantine, saying in words what happens when its payment arrives', async ({
  page,
}) => {
  await openConsole(page, serve());
  await page.getByRole('link', { name: /^Quarantine/ }).click();
  await expect(page.getByRole('heading', { name: 'Quarantine', level: 1 })).toBeVisible();
  await page.getByLabel('Reason code').fill('unmatched_chargeback');
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.getByTestId('quarantine-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(
    'Chargeback case CB-E2E-1 (First Chargeback, 2026-11-22) takes back 125.00 USD for payment 7700000000000000000042, which Clearpost does not have yet.',
  );
  await expect(rows.first()).toContainText(
    'When the payment arrives, Clearpost links the case and posts its reversal by itself',
  );
});
