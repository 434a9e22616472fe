/**
 * Screenshots: every spec writes its own under test-results/screenshots (ignored by git); the README's copies
 * in docs/screenshots are rewritten only when asked, so `npm test` leaves the working tree clean:
 *
 *   CLEARPOST_SCREENSHOTS=1 npx playwright test
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
export const README_SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** Whether this run regenerates the README's screenshots. */
export const regenerating = (): boolean => process.env.CLEARPOST_SCREENSHOTS === '1';

/** Takes a full-page screenshot; with CLEARPOST_SCREENSHOTS=1 it also replaces the README's copy. */
export async function screenshot(
  page: Page,
  file: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: options.fullPage ?? true });
  if (!regenerating()) return;
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  copyFileSync(join(SCREENSHOTS, file), join(README_SCREENSHOTS, file));
}
