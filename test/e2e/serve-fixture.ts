import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, type APIRequestContext } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import { startServeProcess, type ServeProcess } from './serve-process';

/** Where specs write their screenshots (the README's copies are taken from here). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * One serve-mode process for a spec file: started before its tests (after `prepare` has seeded its data
 * folder), stopped after them. Without Chromium every test is skipped with the reason printed; CI must have it.
 * Returns the accessor the tests use.
 */
export function serveForSpec(prepare?: (started: ServeProcess) => void): () => ServeProcess {
  let started: ServeProcess | undefined;
  test.beforeAll(async () => {
    if (!chromiumPath) {
      if (process.env.CI) throw new Error('CI must provide Chromium (apt-get install chromium)');
      return;
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    started = await startServeProcess();
    prepare?.(started);
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

/** Runs a command through serve mode's HTTP API with its token, as the console does; an error throws. */
export async function apiCall(
  serve: ServeProcess,
  request: APIRequestContext,
  name: string,
  args: unknown,
): Promise<unknown> {
  const response = await request.post(`${serve.origin}/api/${name}`, {
    headers: { Authorization: `Bearer ${serve.token}` },
    data: args,
  });
  const body = (await response.json()) as { ok: boolean; result?: unknown; error?: unknown };
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.result;
}
