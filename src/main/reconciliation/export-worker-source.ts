/**
 * The export worker when Clearpost runs from its TypeScript sources (the tests): a worker thread runs plain
 * JavaScript, so export-worker.ts is bundled once with rolldown (the bundler the build itself uses, here as
 * vite's dependency) into node_modules/.cache, named by the hash of its code so that concurrent test processes
 * share one file and a changed source gets a new one. Never loaded by the built app, which has its own entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type * as Rolldown from 'rolldown';

let bundled: Promise<string> | null = null;

export function bundledFromSource(entry: string): Promise<string> {
  bundled ??= bundle(entry).catch((error: unknown) => {
    bundled = null;
    throw error;
  });
  return bundled;
}

async function bundle(entry: string): Promise<string> {
  // A name in a variable: the app's bundler must not pull the bundler itself into the build.
  const bundler = 'rolldown';
  const { rolldown } = (await import(/* @vite-ignore */ bundler)) as typeof Rolldown;
  const build = await rolldown({
    input: entry,
    platform: 'node',
    // Packages stay in node_modules (better-sqlite3 is native); only the project's own code is bundled.
    external: (id) => !id.startsWith('.') && !isAbsolute(id),
    logLevel: 'silent',
  });
  const { output } = await build.generate({ format: 'esm' });
  await build.close();
  const code = output[0].code;
  // Inside the project's node_modules, so the bundle's imports of packages resolve as the sources' do.
  const dir = resolve(entry, '../../../../node_modules/.cache/clearpost');
  const path = join(dir, `export-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}`;
    writeFileSync(temp, code);
    renameSync(temp, path);
  }
  return path;
}
