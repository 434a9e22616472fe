#!/usr/bin/env node
/**
 * Whether the Electron binary the desktop console needs is installed, checked before `npm start` builds
 * anything (and, as a warning only, after `npm install`). Hospital networks often block the download the
 * `electron` package makes at install time; without this check `npm start` ends in a stack trace after two
 * builds. Reads the files the package's own `index.js` reads, without requiring it (requiring it starts a
 * download). Exit 1 with a plain explanation when the binary is missing; `--warn` prints it and exits 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const warnOnly = process.argv.includes('--warn');
const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** @param {string} file @returns {string} */
const readText = (file) => readFileSync(file, 'utf8');

/**
 * @param {string | null} dir
 * @returns {{ ok: boolean, version?: string, why?: string }}
 */
function binaryState(dir) {
  if (dir === null) return { ok: false, why: 'the electron package is not installed (run npm install)' };
  // Read as text: plain JavaScript has no type to give JSON.parse's answer.
  const version = /"version":\s*"([^"]+)"/.exec(readText(join(dir, 'package.json')))?.[1] ?? '<version>';
  const pathFile = join(dir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) return { ok: false, version, why: 'its download never completed' };
  const executable = existsSync(pathFile) ? readText(pathFile) : 'electron';
  const full = override ? join(override, executable) : join(dir, 'dist', executable);
  if (!existsSync(full)) return { ok: false, version, why: `${full} is missing` };
  return { ok: true, version };
}

const state = binaryState(electronDir());
if (state.ok) process.exit(0);

const v = state.version ?? '<version>';
const zip = `electron-v${v}-${process.platform}-${process.arch}.zip`;
// The variables and the cache layout are @electron/get's, which the electron package downloads with
// ("Advanced Installation Instructions", https://www.electronjs.org/docs/latest/tutorial/installation).
const cacheEntry = `httpsgithub.comelectronelectronreleasesdownloadv${v}${zip}`;
const message = `Clearpost's desktop console needs the Electron ${v} binary, and it is not installed: ${state.why}.

The console runs in a browser meanwhile, with the same screens:   npm run serve

Where the internet is not reachable, install Electron one of these ways, then run npm start again:
  - from a mirror inside your network (a web server holding v${v}/${zip}):
      ELECTRON_MIRROR=https://mirror.example.org/electron/ node node_modules/electron/install.js
  - from a copy of ${zip} (https://github.com/electron/electron/releases/tag/v${v}) in a cache folder:
      mkdir -p /path/to/cache/${cacheEntry}
      cp ${zip} /path/to/cache/${cacheEntry}/
      electron_config_cache=/path/to/cache node node_modules/electron/install.js
  - with an Electron already unpacked on this machine:
      ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start
`;

process.stderr.write(`${warnOnly ? 'warning: ' : ''}${message}\n`);
process.exit(warnOnly ? 0 : 1);
