import { mkdirSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import {
  consoleHeaders,
  createFirstSupervisor,
  FIRST_SUPERVISOR,
  type ConsoleSession,
  type Credentials,
} from '../helpers/serve-session';
import { startServeProcess, type ServeProcess } from './serve-process';

export { FIRST_SUPERVISOR };

/** A serve process whose first supervisor exists, with that supervisor's session for API calls. */
export type SignedInServe = ServeProcess & { readonly supervisor: ConsoleSession | null };

/** Where specs write their screenshots (the README's copies are taken from here with CLEARPOST_SCREENSHOTS=1). */
export { SCREENSHOTS, screenshot } from './screenshots';
import { SCREENSHOTS } from './screenshots';

/**
 * One serve-mode process for a spec file: started before its tests (after `prepare` has seeded its data
 * folder), stopped after them. The token alone is nobody, so the fixture creates the first supervisor
 * (FIRST_SUPERVISOR) unless `firstSupervisor: false` leaves that to the spec. Without Chromium every test is
 * skipped with the reason printed; CI must have it. Returns the accessor the tests use.
 */
export function serveForSpec(
  prepare?: (started: ServeProcess) => void,
  options: { readonly firstSupervisor?: boolean } = {},
): () => SignedInServe {
  let started: SignedInServe | undefined;
  test.beforeAll(async () => {
    if (!chromiumPath) {
      if (process.env.CI) throw new Error('CI must provide Chromium (apt-get install chromium)');
      return;
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    const spawned = await startServeProcess();
    prepare?.(spawned);
    const supervisor =
      options.firstSupervisor === false ? null : await createFirstSupervisor(spawned.origin, spawned.token);
    started = { ...spawned, supervisor };
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  test.beforeEach(() => {
    test.skip(
      !chromiumPath,
      'No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
    );
  });
  return () => {
    if (!started) throw new Error('serve mode did not start');
    return started;
  };
}

/**
 * Opens the printed URL and signs in (as the first supervisor unless told otherwise), as a person would;
 * resolves once the console is ready.
 */
export async function openConsole(
  page: Page,
  serve: ServeProcess,
  who: Credentials = FIRST_SUPERVISOR,
): Promise<void> {
  await page.goto(serve.url);
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'sign-in');
  await page.getByLabel('User name').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
}

/** Runs a command through serve mode's HTTP API as the first supervisor, as the console does; an error throws. */
export async function apiCall(
  serve: SignedInServe,
  request: APIRequestContext,
  name: string,
  args: unknown,
): Promise<unknown> {
  if (!serve.supervisor) throw new Error('apiCall needs the first supervisor (serveForSpec created none)');
  const response = await request.post(`${serve.origin}/api/${name}`, {
    headers: consoleHeaders(serve.token, serve.supervisor.sessionId),
    data: args,
  });
  const body = (await response.json()) as { ok: boolean; result?: unknown; error?: unknown };
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.result;
}
