/**
 * Screenshots: every spec writes its own under test-results/screenshots (ignored by git); the README's copies
 * in docs/screenshots are rewritten only when asked, so `npm test` leaves the working tree clean. The
 * operator's screens (dashboard, exceptions, detail, bulk, import, quarantine) come from the keyboard-only
 * morning walk, morning.spec.ts; reconciliation and settings from their own specs:
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

/**
 * Takes a full-page screenshot; with CLEARPOST_SCREENSHOTS=1 it also replaces the README's copy, unless
 * `readme: false` (the README's image of that screen comes from another spec: one writer per image).
 */
export async function screenshot(
  page: Page,
  file: string,
  options: { fullPage?: boolean; readme?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: options.fullPage ?? true });
  if (!regenerating() || options.readme === false) return;
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  copyFileSync(join(SCREENSHOTS, file), join(README_SCREENSHOTS, file));
}
