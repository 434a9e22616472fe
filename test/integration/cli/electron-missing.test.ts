/**
 * `npm start` without the Electron binary (issue 21): a plain explanation, how to install it offline, that
 * serve mode works meanwhile, exit 1 and no stack trace. ELECTRON_OVERRIDE_DIST_PATH, the electron
 * package's own override, points the check at a folder the test controls, so the result does not depend on
 * whether this machine downloaded Electron.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SCRIPT = join(__dirname, '../../../scripts/check-electron.mjs');
const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default as {
  scripts: Record<string, string>;
};

function check(distPath: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: distPath },
    encoding: 'utf8',
  });
  return { code: run.status, stderr: run.stderr, stdout: run.stdout };
}

describe('npm start without the Electron binary', () => {
  it('says what is missing, how to install it offline and that serve mode works; exit 1, no stack trace', () => {
    const { code, stderr } = check(tempDir());
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Clearpost's desktop console needs the Electron \d+\.\d+\.\d+ binary, and it is not installed/,
    );
    expect(stderr).toContain('npm run serve');
    expect(stderr).toContain('ELECTRON_MIRROR=');
    expect(stderr).toContain('electron_config_cache=');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('after npm install only warns (exit 0); with the binary present it says nothing', () => {
    const empty = tempDir();
    const warned = check(empty, '--warn');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^warning: Clearpost's desktop console needs the Electron/);
    const installed = tempDir();
    writeFileSync(join(installed, 'electron'), '');
    writeFileSync(join(installed, 'electron.exe'), '');
    expect(check(installed)).toMatchObject({ code: 0, stderr: '' });
  });

  it('runs before anything is built', () => {
    expect(pkg.scripts.start).toMatch(/^node scripts\/check-electron\.mjs && /);
    expect(pkg.scripts.postinstall).toBe('node scripts/check-electron.mjs --warn');
  });
});
