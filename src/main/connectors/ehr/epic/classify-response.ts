/** Epic's answers as values: Epic's numeric code decides first, the HTTP status second. */
import type { Clock } from '../../../clock';
import { codeForStatus, ehrError, ehrMessage } from '../errors';
import { msUntilNextLocalMidnight } from '../../../lib/time-zone';
import { parseOperationOutcome } from '../operation-outcome';
import type { EhrError } from '../types';
import { EPIC_CODE_MEANING } from './epic-codes';

export function epicError(
  status: number,
  body: string,
  retryAfterMs: number | null,
  clock: Clock,
  timeZone: string,
): EhrError {
  const outcome = parseOperationOutcome(body);
  const epicCode = outcome?.detailCode ?? null;
  const meaning = epicCode ? EPIC_CODE_MEANING[epicCode] : undefined;
  const code = meaning?.code ?? codeForStatus(status);
  const text = outcome?.text ?? meaning?.text ?? null;
  let wait: number | null = null;
  if (code === 'rate_limited' || code === 'server_error') wait = retryAfterMs;
  // "Try again tomorrow": tomorrow in the facility's time zone, unless Epic said when.
  if (code === 'daily_limit') wait = retryAfterMs ?? msUntilNextLocalMidnight(clock.now(), timeZone);
  return ehrError(code, {
    httpStatus: status,
    retryAfterMs: wait,
    ehrCode: epicCode ?? outcome?.issueCode ?? null,
    message: ehrMessage(code, 'epic', text),
  });
}
