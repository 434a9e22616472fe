/** The y axis of a count chart: a round top (1, 2 or 5 times a power of ten) and evenly spaced ticks. */

export interface Scale {
  /** The axis top, at least the largest value. */
  readonly top: number;
  /** Tick values from 0 to `top`, ascending. */
  readonly ticks: readonly number[];
}

/** `scaleFor(37)` → top 40, ticks 0, 10, 20, 30, 40; counts are whole, so a step is never below 1. */
export function scaleFor(max: number, wantTicks = 4): Scale {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / wantTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, ticks };
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count short enough to sit over a bar: 950, 1.2K, 34K. */
export const shortCount = (n: number): string => (n < 1000 ? String(n) : compact.format(n));
