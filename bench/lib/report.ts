/**
 * What every benchmark prints: one JSON line `{"name","value","unit","baseline","ratio","goal",...}`, the
 * baseline measured in the same run on the same machine, so the ratio means something wherever it runs.
 * `npm run bench` (bench/run.mjs) collects the lines through BENCH_OUT; run alone, a bench prints to stdout.
 */
import { appendFileSync } from 'node:fs';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  /** How the goal reads, e.g. "ratio >= 0.25" or "p95 <= 20 ms and ratio <= 0.02". */
  readonly goal: string;
  /** Whether this run met the goal. */
  readonly met: boolean;
  /** Anything else worth keeping (sizes, peak RSS, percentiles). */
  readonly [extra: string]: unknown;
}

/** `--full` (BENCH_FULL=1) runs the sizes; otherwise reduced sizes that fit `npm run bench` in minutes. */
export const FULL = process.env.BENCH_FULL === '1';

/** The size of a benchmark: an explicit env override (e.g. ROWS=…), else full or reduced. */
export function size(reduced: number, full: number, override?: string): number {
  const explicit = override === undefined ? undefined : process.env[override];
  if (explicit !== undefined && explicit !== '') return Number(explicit);
  return FULL ? full : reduced;
}

/** Rounds to `digits` decimals, for the figures a benchmark prints. */
export const round = (n: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Prints (or hands to the runner) one benchmark's line; ratio is value / baseline. */
export function report(result: BenchResult): void {
  const { name, value, unit, baseline, goal, met, ...extra } = result;
  const line = `${JSON.stringify({
    name,
    value: round(value, 2),
    unit,
    baseline: round(baseline, 2),
    ratio: baseline === 0 ? null : round(value / baseline, 4),
    goal,
    met,
    ...extra,
  })}\n`;
  const out = process.env.BENCH_OUT;
  if (out) appendFileSync(out, line);
  else process.stdout.write(line);
}

/** Peak resident memory of this process so far, in MiB (Linux reports maxRSS in KiB). */
export const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
