/**
 * `Retry-After` (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date. The date form is measured against
 * the injected clock, so a fake clock in tests and a skewed workstation clock both give sensible waits.
 */
import type { Clock } from '../../clock';

const DELTA_SECONDS = /^\d+$/;
// IMF-fixdate, obsolete RFC 850 and asctime forms all start with a weekday name.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/** Milliseconds to wait, or null when the header is absent or unreadable (the engine then uses its backoff). */
export function parseRetryAfter(
  header: string | readonly string[] | undefined | null,
  clock: Clock,
): number | null {
  const value = (typeof header === 'string' ? header : header?.[0])?.trim();
  if (!value) return null;
  if (DELTA_SECONDS.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : null;
  }
  if (!HTTP_DATE.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - clock.now());
}
