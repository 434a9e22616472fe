import { describe, expect, it } from 'vitest';
import { scaleFor, shortCount } from './chart-scale';

describe('the count chart scale', () => {
  it('has a top of 1 with nothing to show, never a division by zero', () => {
    expect(scaleFor(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(scaleFor(Number.NaN)).toEqual({ top: 1, ticks: [0, 1] });
  });

  it('rounds the top up to a round step that holds the largest value', () => {
    expect(scaleFor(37)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(scaleFor(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(scaleFor(1_234).top).toBe(1_500);
    for (const max of [1, 7, 99, 101, 4_999, 120_000]) {
      const { top, ticks } = scaleFor(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(top);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });

  it('writes large counts short enough to sit over a bar', () => {
    expect(shortCount(950)).toBe('950');
    expect(shortCount(1_234)).toBe('1.2K');
    expect(shortCount(34_000)).toBe('34K');
  });
});
