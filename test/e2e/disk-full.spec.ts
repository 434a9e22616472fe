/**
 * The console's banner for a full data disk (issue 19), on a real small disk: serve mode runs with its data
 * folder on a tmpfs, which is filled until a webhook is refused; the banner shows, and goes away by itself
 * once space is freed and a payment is stored again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import {
  envelope,
  KEY,
  KEY_ID,
  payload,
  signedHeaders,
  WEBHOOK_ID,
} from '../integration/intake/webhook-helper';
import {
  fillDisk,
  mountSmallDisk,
  unmountSmallDisk,
  type SmallDisk,
} from '../integration/resilience/small-disk';
import { createFirstSupervisor } from '../helpers/serve-session';
import { openConsole, SCREENSHOTS } from './serve-fixture';
import { startServeProcess, type ServeProcess } from './serve-process';

let disk: SmallDisk = { skipReason: 'not mounted yet' };
let serve: ServeProcess | null = null;

test.beforeAll(async () => {
  if (!chromiumPath) return;
  disk = mountSmallDisk('24m');
  if (!('dir' in disk)) return;
  serve = await startServeProcess(join(disk.dir, 'data'), [
    '--ehr-sandbox',
    'off',
    '--webhook-key',
    KEY,
    '--webhook-key-id',
    KEY_ID,
    '--webhook-id',
    WEBHOOK_ID,
  ]);
  // The token alone is nobody: the console needs its first supervisor (written before the disk fills).
  await createFirstSupervisor(serve.origin, serve.token);
});

test.afterAll(async () => {
  await serve?.stop();
  unmountSmallDisk(disk);
});

async function deliver(origin: string, n: number): Promise<number> {
  const body = envelope(payload({ id: `77${String(n).padStart(20, '0')}` }), {
    transactionTraceId: `trace-banner-${String(n)}`,
  });
  const res = await fetch(`${origin}/webhooks/cybersource`, {
    method: 'POST',
    headers: signedHeaders(body, Date.now()),
    body: JSON.stringify(body),
  });
  return res.status;
}

test('a full data disk shows a banner that goes away by itself when space returns', async ({ page }) => {
  test.skip(
    !chromiumPath,
    'No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
  );
  test.skip(!('dir' in disk), `No small disk: ${'skipReason' in disk ? disk.skipReason : ''}`);
  if (!serve || !('dir' in disk)) throw new Error('serve mode did not start');
  const filler = join(disk.dir, 'filler');
  try {
    await openConsole(page, serve);
    await expect(page.getByTestId('disk-full-banner')).toHaveCount(0);
    expect(await deliver(serve.origin, 1)).toBe(200);

    fillDisk(filler);
    let refused: number | null = null;
    for (let n = 100; n < 400 && refused === null; n += 1) {
      if ((await deliver(serve.origin, n)) === 503) refused = n;
    }
    if (refused === null) throw new Error('the full disk never refused a webhook');
    const banner = page.getByTestId('disk-full-banner');
    await expect(banner).toContainText(
      "The disk holding Clearpost's data is full: new payments are being refused and the processor will resend them; free space",
    );
    await expect(banner).toContainText(join(disk.dir, 'data'));
    await page.screenshot({ path: join(SCREENSHOTS, 'disk-full-banner.png') });

    rmSync(filler);
    expect(await deliver(serve.origin, refused)).toBe(200);
    await expect(page.getByTestId('disk-full-banner')).toHaveCount(0);
  } finally {
    rmSync(filler, { force: true });
  }
});
