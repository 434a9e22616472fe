/**
 * The month-close end-to-end specs' month: last month (the one the close panel offers first) seeded straight
 * into the served database before the console opens, and the accessibility check both run on their screens.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { systemClock } from '../../src/main/clock';
import { createRepositories } from '../../src/main/store/repositories';
import { servedDatabase } from '../e2e/serve-process';
import { lastMonth, seedCardMonth, type CardMonth } from './card-month';

export { lastMonth };

/** Seeds last month as `month` describes it into the database serve mode uses under `dataDir`. */
export function seedServedMonth(dataDir: string, month: Omit<CardMonth, 'month'>): void {
  const db = new BetterSqlite3(servedDatabase(dataDir));
  // The serve process holds the same file open; wait for its writes rather than fail.
  db.pragma('busy_timeout = 5000');
  try {
    seedCardMonth(createRepositories(db), db, { ...month, month: lastMonth() }, systemClock);
  } finally {
    db.close();
  }
}

/** The serious and critical axe-core violations on the page as it is now, one line per rule and element. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
