/**
 * What the operator reads next to each error. The words live in src/shared/words (one table for every
 * screen, the daily report and the notifications); this is the connectors' view of it, keyed by their codes.
 * Texts that name a window are built from the item's own connection settings (`nextStepFor`): a site that
 * sets a 24-hour retry window must not read "2 days".
 */
import {
  DEFAULT_STEP_WINDOWS,
  EHR_REASONS,
  reasonWords,
  type EhrReasonCode,
  type StepWindows,
} from '../../../shared/words';
import type { EhrErrorCode } from './types';

export { DEFAULT_STEP_WINDOWS, windowWords, type StepWindows } from '../../../shared/words';

/** The next step for a code under the item's own windows. */
export function nextStepFor(code: EhrErrorCode, windows: StepWindows): string {
  return reasonWords(code, null, windows)?.nextStep ?? '';
}

/** Each code's text under the default windows (an error built before a connection's settings apply). */
export const NEXT_STEP: Readonly<Record<EhrErrorCode, string>> = Object.fromEntries(
  Object.keys(EHR_REASONS).map((code) => [code, nextStepFor(code as EhrErrorCode, DEFAULT_STEP_WINDOWS)]),
) as Record<EhrErrorCode, string>;

// The table must cover every connector code, and only those: a new code without words does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const WORDS_COVER_EVERY_CODE: Same<EhrReasonCode, EhrErrorCode> = true;
