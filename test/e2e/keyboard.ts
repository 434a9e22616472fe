/**
 * Keyboard-only driving for the end-to-end walks: an operator who never touches the mouse reaches a control
 * by Tab (or Shift+Tab) and acts on it with Enter or Space. No `.click()` and no `.fill()` here: if a control
 * cannot be reached this way, the walk fails, which is the console's bug to fix.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** Runs in the page; typed by hand, as the test project has no DOM types. */
const IS_FOCUSED = (el: { readonly ownerDocument: { readonly activeElement: unknown } }): boolean =>
  el === el.ownerDocument.activeElement;

/** More presses than any screen has focus stops; a control further than this is unreachable in practice. */
const MOST_TABS = 80;

/**
 * Presses Tab until `target` has focus, and fails saying what had focus instead. `backwards` presses
 * Shift+Tab (a control just above the focus).
 */
export async function tabTo(
  page: Page,
  target: Locator,
  options: { backwards?: boolean } = {},
): Promise<void> {
  await expect(target).toBeVisible();
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < MOST_TABS; i += 1) {
    if (await target.evaluate(IS_FOCUSED)) return;
    await page.keyboard.press(key);
  }
  // Strings, not functions: these run in the page, and the test project has no DOM types.
  const focused = String(
    await page.evaluate(
      `(() => { const el = document.activeElement; return el ? el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 60) + '"' : 'nothing'; })()`,
    ),
  );
  throw new Error(
    `${String(MOST_TABS)} presses of ${key} never reached ${String(target)}; focus is on ${focused}`,
  );
}

/** Tabs to a text field and types into it (replacing what it held), as a person would. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}

/** Tabs to a control and presses Enter on it. */
export async function press(page: Page, control: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

/**
 * A screen's single-key shortcuts listen once it has mounted; a key pressed while it still loads is lost, as
 * on any web page. Presses `key` until `then` holds (the shortcut took effect).
 */
export async function shortcut(page: Page, key: string, then: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.keyboard.press(key);
    await then();
  }).toPass();
}

/** `g` then a letter: the console's jump between screens. */
export async function goTo(page: Page, letter: 'd' | 'e' | 'm' | 's', heading: string): Promise<void> {
  await shortcut(page, 'g', async () => {
    await page.keyboard.press(letter);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible({ timeout: 1_000 });
  });
}
