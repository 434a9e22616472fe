/**
 * Where a worker thread's entry file is. Built (out/main, out/tools, a benchmark's build), it sits beside the
 * bundle running this code, or one folder up when this code was put in a shared chunk. Run from the
 * TypeScript sources (vitest), there is no built entry: a worker thread runs plain JavaScript, so the entry
 * is bundled with rolldown (the bundler the build itself uses, here as vite's dependency) into
 * node_modules/.cache, named by the hash of its code so that concurrent test processes share one file and a
 * changed source gets a new one. Used by the engine's writer thread and the export worker.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Rolldown from 'rolldown';
import { sha256 } from './sha256';

const bundles = new Map<string, Promise<string>>();

/**
 * The entry named `name` (its build entry's name) for code in the module at `moduleUrl`; from the sources,
 * `source` (a .ts file beside that module) bundled.
 */
export async function workerScript(moduleUrl: string, name: string, source: string): Promise<string> {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) return bundledFromSource(join(dirname(here), source), name);
  const candidates = [dirname(here), dirname(dirname(here))].flatMap((dir) =>
    ['.js', '.cjs', '.mjs'].map((ext) => join(dir, `${name}${ext}`)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(`the ${name} worker is missing from the build (looked for ${candidates[0] ?? ''})`);
  return found;
}

export function bundledFromSource(entry: string, name: string): Promise<string> {
  let bundled = bundles.get(entry);
  if (!bundled) {
    bundled = bundle(entry, name).catch((error: unknown) => {
      bundles.delete(entry);
      throw error;
    });
    bundles.set(entry, bundled);
  }
  return bundled;
}

async function bundle(entry: string, name: string): Promise<string> {
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
  const dir = join(projectRoot(entry), 'node_modules', '.cache', 'clearpost');
  const path = join(dir, `${name}-${sha256(code).slice(0, 16)}.mjs`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}`;
    writeFileSync(temp, code);
    renameSync(temp, path);
  }
  return path;
}

/** The nearest folder above `file` holding node_modules (the sources' project, or a test's). */
function projectRoot(file: string): string {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no node_modules above ${file}`);
  }
}
