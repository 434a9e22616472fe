import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = join(__dirname, '..', '..');

/**
 * The Electron binary is fetched on first run by the `electron` package; machines without network access
 * to its download host (like CI here) have none, and these specs say so instead of failing.
 */
function electronBinary(): string | null {
  const pkg = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const SKIP_REASON =
  'No Electron binary on this machine (node_modules/electron/dist is empty); desktop specs skipped.';

test.beforeAll(() => {
  if (!binary) process.stderr.write(`[electron e2e] ${SKIP_REASON}\n`);
});

test('the desktop app opens the console with a hardened window', async () => {
  test.skip(!binary, SKIP_REASON);
  const dataDir = mkdtempSync(join(tmpdir(), 'clearpost-electron-'));
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [join(ROOT, 'out', 'main', 'index.js'), '--data-dir', dataDir],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('#root')).toHaveAttribute('data-app-state', 'ready');
    // The renderer has no Node: require and process are absent, only window.api is exposed.
    const globals = await window.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      api: Object.keys((globalThis as unknown as { api: object }).api).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on'] });
    const unknown = await window.evaluate(() =>
      (globalThis as unknown as { api: { invoke(n: string, a: unknown): Promise<unknown> } }).api.invoke(
        'no.such',
        {},
      ),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    await window.getByRole('link', { name: 'Exceptions' }).click();
    await expect(window.getByRole('heading', { name: 'Exceptions' })).toBeVisible();
  } finally {
    await app.close();
  }
});
