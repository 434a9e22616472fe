/** The team's measures on the dashboard, each against the target set in Settings › Measures. */
import type { EpochMs } from '../domain';
import { command, none } from './define';

export type MeasureKey =
  | 'autoPostingRate'
  | 'medianTimeToPost'
  | 'p95TimeToPost'
  | 'exceptionAge'
  | 'unpostedCash'
  | 'unexplainedVariance';

export interface MeasureView {
  readonly key: MeasureKey;
  readonly label: string;
  /** percent: basis points (9 712 = 97.12 %); ms: milliseconds; minor: minor units of `currency`; count. */
  readonly unit: 'basis_points' | 'ms' | 'minor' | 'count';
  /** null when there is nothing to measure yet (no posting in the window). */
  readonly value: number | null;
  readonly target: number;
  readonly direction: 'at_least' | 'at_most';
  /** null with no value. */
  readonly met: boolean | null;
  /** What the number is made of, in words ("412 of 425 posted payments"). */
  readonly detail: string;
  readonly currency?: string;
}

export interface TeamMeasures {
  readonly windowDays: number;
  readonly from: EpochMs;
  readonly to: EpochMs;
  readonly measures: readonly MeasureView[];
}

export const MEASURE_COMMANDS = {
  'dashboard.measures': command<TeamMeasures>()(
    "The team's measures over the window set in Settings, each with its target.",
    none,
  ),
} as const;
