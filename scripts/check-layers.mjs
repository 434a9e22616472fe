#!/usr/bin/env node
/**
 * The house rules of `src/`, checked from the code's own imports (run by `npm run lint`):
 *
 *   shared   ← everything; imports nothing of main, preload or renderer
 *   lib      ← everything in main; imports only lib and shared (what is not a feature: clock, logging, files,
 *              time zones, hashing, card guard)
 *   store    ← domain rooms and hosts; imports lib and shared (and its own folders)
 *   domain   (intake, engine, connectors, reconciliation, notifications, auth, audit, vault, settings,
 *              approvals) ← each
 *              other, api and hosts; never api, sandbox or a host
 *   api      ← hosts only
 *   sandbox  ← hosts and tests only
 *   hosts    (app, index, cli, serve, window, trust, security…) the composition roots: may import anything
 *   renderer ← nothing of main; preload ← nothing of renderer
 * and no import cycles between files of main (type-only imports aside: they are erased when compiled).
 *
 * `node scripts/check-layers.mjs` prints each broken rule and exits 1; `--json` prints them as JSON.
 * The rules are data (`ROOMS`, `MAY_IMPORT`) so a test can check them on a made-up tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const DOMAIN = [
  'intake',
  'engine',
  'connectors',
  'reconciliation',
  'notifications',
  'auth',
  'audit',
  'vault',
  'settings',
  'approvals',
];

/** Which room each file of main is in: its first folder, or `host`/`lib` for the files at the top. */
const TOP_LEVEL_LIB = new Set([
  'clock.ts',
  'logger.ts',
  'owner-only.ts',
  'paths.ts',
  'rotating-file.ts',
  'resource-health.ts',
]);

/** @param {string} rel a path relative to `src`, with `/` */
export function roomOf(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'shared') return 'shared';
  if (parts[0] === 'renderer') return 'renderer';
  if (parts[0] === 'preload') return 'preload';
  if (parts[0] !== 'main') return 'other';
  if (parts.length === 2) return TOP_LEVEL_LIB.has(parts[1] ?? '') ? 'lib' : 'host';
  const folder = parts[1] ?? '';
  if (folder === 'lib' || folder === 'store' || folder === 'api' || folder === 'sandbox') return folder;
  if (folder === 'security') return 'lib'; // the CSP, tokens and window settings: no feature of their own
  if (DOMAIN.includes(folder)) return `domain:${folder}`;
  return 'host'; // trust: composition of the sign-in and access rooms
}

/** @type {Record<string, (to: string) => boolean>} */
const MAY_IMPORT = {
  shared: (to) => to === 'shared',
  lib: (to) => to === 'lib' || to === 'shared',
  store: (to) => to === 'store' || to === 'lib' || to === 'shared',
  domain: (to) => to.startsWith('domain:') || to === 'store' || to === 'lib' || to === 'shared',
  api: (to) => to !== 'host' && to !== 'sandbox' && to !== 'renderer' && to !== 'preload',
  sandbox: (to) => to !== 'host' && to !== 'api' && to !== 'renderer' && to !== 'preload',
  host: (to) => to !== 'renderer',
  preload: (to) => to === 'shared' || to === 'preload',
  renderer: (to) => to === 'shared' || to === 'renderer',
  other: () => true,
};

/** @param {string} from @param {string} to */
export function allowed(from, to) {
  const rule = MAY_IMPORT[from.startsWith('domain:') ? 'domain' : from];
  return rule ? rule(to) : true;
}

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.(test|d)\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

/** @param {string} from @param {string} spec @returns {string | null} the file an import names, if in src */
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Imports of each file. Type-only imports count for the layer rules (a type still ties one room to another)
 * but not for cycles: they are erased when compiled, so two files naming each other's types load fine.
 * @param {string} srcDir
 * @returns {Map<string, string[]>} file (relative to srcDir, `/`) → files it imports
 */
export function importGraph(srcDir) {
  return buildGraph(srcDir, false);
}

/** The same with runtime imports only (`import type` and `export type … from` left out). @param {string} srcDir */
export function runtimeGraph(srcDir) {
  return buildGraph(srcDir, true);
}

const TYPE_ONLY = /^\s*(?:import|export)\s+type\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm;

/** @param {string} srcDir @param {boolean} runtimeOnly */
function buildGraph(srcDir, runtimeOnly) {
  /** @type {Map<string, string[]>} */
  const graph = new Map();
  const rel = (/** @type {string} */ f) => relative(srcDir, f).split(sep).join('/');
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const targets = ts
      .preProcessFile(runtimeOnly ? text.replace(TYPE_ONLY, '') : text, true, true)
      .importedFiles.map((i) => resolveImport(file, i.fileName))
      .filter((t) => t !== null)
      .map(rel);
    graph.set(rel(file), targets);
  }
  return graph;
}

/** @param {Map<string, string[]>} graph @returns {string[]} */
export function layerProblems(graph) {
  /** @type {string[]} */
  const problems = [];
  for (const [file, targets] of graph) {
    const from = roomOf(file);
    for (const target of targets) {
      const to = roomOf(target);
      if (!allowed(from, to)) problems.push(`${file} (${from}) imports ${target} (${to})`);
    }
  }
  return problems;
}

/** Cycles among files of main, each reported once as `a → b → … → a`. @param {Map<string, string[]>} graph */
export function cycles(graph) {
  /** @type {string[]} */
  const found = [];
  const state = new Map(); // 1 on the stack, 2 done
  /** @type {string[]} */
  const stack = [];
  const visit = (/** @type {string} */ node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!next.startsWith('main/')) continue;
      if (state.get(next) === 1) found.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...graph.keys()].sort()) if (node.startsWith('main/') && !state.has(node)) visit(node);
  return found;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problems = [
    ...layerProblems(importGraph(srcDir)),
    ...cycles(runtimeGraph(srcDir)).map((c) => `import cycle: ${c}`),
  ];
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(problems)}\n`);
  else for (const p of problems) process.stderr.write(`layers: ${p}\n`);
  if (problems.length > 0 && !process.argv.includes('--json'))
    process.stderr.write(`layers: ${String(problems.length)} broken rules (see scripts/check-layers.mjs)\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}
