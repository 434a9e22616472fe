/**
 * The installers (issue 21) cannot be built here: electron-builder makes Windows installers on Windows and
 * needs the Electron binary, which these machines lack. What can be checked offline is checked: the
 * configuration passes electron-builder's own schema validation, and it asks for what a hospital's IT team
 * deploys (per-machine NSIS and MSI for group policy; deb and AppImage).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const CONFIG = 'electron-builder.json';

interface Target {
  readonly target: string;
  readonly arch: readonly string[];
}

describe('installer configuration', () => {
  it("passes electron-builder's own validation", async () => {
    const config = await getConfig(ROOT, join(ROOT, CONFIG), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('a bad key is refused by the same validation (the check can fail)', async () => {
    const config = await getConfig(ROOT, join(ROOT, CONFIG), null);
    await expect(
      validateConfiguration(
        { ...config, nsis: { ...config.nsis, perMachine: 'yes' as never } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/perMachine/);
  });

  it('builds per-machine Windows installers (NSIS and MSI) and Linux deb and AppImage', () => {
    const config = JSON.parse(readFileSync(join(ROOT, CONFIG), 'utf8')) as {
      win: { target: Target[] };
      linux: { target: Target[] };
      nsis: { perMachine: boolean };
      msi: { perMachine: boolean };
      asarUnpack: string[];
    };
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'msi']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['deb', 'AppImage']);
    expect(config.nsis.perMachine && config.msi.perMachine).toBe(true);
    // The native SQLite binding cannot load from inside the asar archive.
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.json');
  });
});
