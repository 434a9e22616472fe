/**
 * What the operator reads next to each error. The words live in src/shared/words (one table for every
 * screen, the daily report and the notifications); this is the connectors' view of it, keyed by their codes.
 */
import { EHR_REASONS, reasonWords, type EhrReasonCode } from '../../../shared/words';
import type { EhrErrorCode } from './types';

export const NEXT_STEP: Readonly<Record<EhrErrorCode, string>> = Object.fromEntries(
  Object.keys(EHR_REASONS).map((code) => [code, reasonWords(code)?.nextStep ?? '']),
) as Record<EhrErrorCode, string>;

// The table must cover every connector code, and only those: a new code without words does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const WORDS_COVER_EVERY_CODE: Same<EhrReasonCode, EhrErrorCode> = true;
