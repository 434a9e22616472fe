#!/usr/bin/env node
/**
 * `npm run bench [-- --full] [-- --only NAME[,NAME]]`: runs every benchmark one after another (they would
 * skew each other in parallel) and prints one JSON line per benchmark, each with its same-run baseline.
 * Reduced sizes by default (a few minutes); `--full` runs the sizes of issue #9 (1,000,000 rows, 50,000
 * payments). Progress goes to stderr; stdout carries only the JSON lines, so `npm run -s bench > out.jsonl`
 * keeps them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { full: { type: 'boolean', default: false }, only: { type: 'string' } },
  strict: true,
});

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const vitestBench = (file) => [npx, ['vitest', 'run', '--config', 'bench/vitest.bench.config.ts', file]];

/** Each benchmark: what runs it. Vitest runs the TypeScript ones; the posting engine runs as a built tool. */
const BENCHES = [
  { name: 'ingest', run: vitestBench('bench/ingest.bench.ts') },
  { name: 'webhook-intake', run: vitestBench('bench/webhook-intake.bench.ts') },
  { name: 'posting', run: ['node', ['out/tools/bench-posting.cjs']], needs: 'tools' },
  { name: 'retry-sweep', run: vitestBench('bench/retry-sweep.bench.ts') },
  { name: 'audit-append', run: vitestBench('bench/audit-append.bench.ts') },
  { name: 'commit-durability', run: vitestBench('bench/commit-durability.bench.ts') },
  { name: 'queue', run: vitestBench('bench/queue.bench.ts') },
  { name: 'dashboard', run: vitestBench('bench/dashboard.bench.ts') },
  { name: 'export', run: vitestBench('bench/export.bench.ts') },
  { name: 'console', run: vitestBench('bench/console.bench.ts'), needs: 'app' },
  { name: 'refresh', run: vitestBench('bench/refresh.bench.ts'), needs: 'app' },
  { name: 'startup', run: vitestBench('bench/startup.bench.ts'), needs: 'app' },
];

const only = values.only?.split(',').map((s) => s.trim());
const selected = BENCHES.filter((b) => !only || only.some((o) => b.name.startsWith(o)));
if (selected.length === 0) {
  process.stderr.write(
    `bench: nothing matches --only ${values.only}; known: ${BENCHES.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}

// Progress and vitest's own output go to stderr so stdout stays JSON lines only.
/** @type {(cmd: string, args: string[], env?: Record<string, string>) => number | null} */
const toStderr = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env: { ...process.env, ...env } }).status;

if (selected.some((b) => b.needs === 'tools')) {
  if (toStderr(npx, ['vite', 'build', '--config', 'vite.tools.config.mts', '--logLevel', 'warn']) !== 0)
    process.exit(1);
}
if (selected.some((b) => b.needs === 'app')) {
  if (toStderr(npx, ['electron-vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-run-'));
let failed = 0;
for (const bench of selected) {
  const out = join(dir, `${bench.name}.jsonl`);
  const started = performance.now();
  process.stderr.write(`\n── bench ${bench.name}${values.full ? ' (full size)' : ''} ──\n`);
  const status = toStderr(bench.run[0], bench.run[1], {
    BENCH_OUT: out,
    BENCH_FULL: values.full ? '1' : '0',
  });
  let lines = '';
  try {
    lines = readFileSync(out, 'utf8');
  } catch {
    // No line written: reported below as a failure.
  }
  process.stderr.write(`── ${bench.name}: ${((performance.now() - started) / 1000).toFixed(1)} s ──\n`);
  if (status !== 0 || lines === '') {
    failed += 1;
    process.stdout.write(`${JSON.stringify({ name: bench.name, error: `exit ${status}`, met: false })}\n`);
  } else {
    process.stdout.write(lines);
  }
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
