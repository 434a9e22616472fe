/**
 * Turns a classification into the posting's next state: its status, when it goes again, its window,
 * and what the operator reads. Pure; the engine writes the result in one transaction.
 */
import type { ConnectorCapabilities } from '../connectors/ehr';
import type { ClaimedPosting, Settlement } from '../store/repositories/posting-work';
import type { Classification } from './classify';
import { nextAttemptAt, type RetryPolicy } from './schedule';

export interface SettleContext {
  readonly now: number;
  readonly item: ClaimedPosting;
  readonly policy: RetryPolicy & { readonly notApplicableWindowMs: number };
  readonly capabilities: ConnectorCapabilities;
  readonly random: () => number;
}

const CHECK_EHR_FIRST =
  'Check the EHR for this transaction id first, then mark it manually posted or retry it.';

/** An item that has been in Retry past its window. */
export function windowExpired(item: ClaimedPosting, now: number): boolean {
  return item.previousStatus === 'retry' && item.windowExpiresAt !== null && now >= item.windowExpiresAt;
}

/**
 * @param stillUnverified the EHR may still hold an earlier attempt of this item (a lookup could not tell).
 */
export function settlementFor(c: Classification, ctx: SettleContext, stillUnverified: boolean): Settlement {
  const { now, item, policy } = ctx;
  const base: Settlement = {
    status: c.status,
    nextAttemptAt: null,
    windowExpiresAt: item.windowExpiresAt,
    verifyFirst: false,
    ehrReference: null,
    reasonCode: null,
    reason: null,
    nextStep: null,
    resolvedAt: null,
  };
  switch (c.status) {
    case 'success':
      return {
        ...base,
        ehrReference: c.ehrReference,
        reasonCode: c.outcome === 'duplicate' ? 'duplicate_linked' : null,
        reason: c.note,
        resolvedAt: now,
      };
    case 'failure':
      return { ...base, reasonCode: c.error.code, reason: c.error.message, nextStep: c.error.nextStep };
    case 'not_applicable':
      return {
        ...base,
        // Domain brief §2: nobody posts it by hand until this window has passed; the engine may still resolve it.
        windowExpiresAt: now + policy.notApplicableWindowMs,
        reasonCode: c.error.code,
        reason: c.error.message,
        nextStep: c.error.nextStep,
      };
    case 'needs_verification':
      return {
        ...base,
        verifyFirst: true,
        reasonCode: c.error.code,
        reason: c.error.message,
        nextStep: CHECK_EHR_FIRST,
      };
    case 'retry': {
      const verifyFirst = c.verifyFirst || stillUnverified;
      const window = item.windowExpiresAt ?? now + policy.windowMs;
      if (now >= window) {
        // Past the window. An item the EHR may already hold is never handed over for manual posting.
        if (verifyFirst) {
          return {
            ...base,
            status: 'needs_verification',
            windowExpiresAt: window,
            verifyFirst: true,
            reasonCode: c.error.code,
            reason: `Stayed in Retry past its window, and the EHR may already have it (${c.error.message}).`,
            nextStep: CHECK_EHR_FIRST,
          };
        }
        return {
          ...base,
          status: 'failure',
          windowExpiresAt: window,
          reasonCode: 'window_expired',
          reason: `Stayed in Retry past its window (last error: ${c.error.message}).`,
          nextStep: c.error.nextStep,
        };
      }
      // A second 401 in a row is not fixed by another token: wait for the sweep.
      const pace = c.pace === 'token' && item.reasonCode === 'unauthorized' ? 'sweep' : c.pace;
      const next = nextAttemptAt({
        now,
        attempts: item.attempts + 1,
        pace,
        retryAfterMs: c.error.retryAfterMs,
        policy,
        random: ctx.random,
      });
      return {
        ...base,
        // At the window's end the item is decided (Failure or verification), not left waiting.
        nextAttemptAt: Math.min(next, window),
        windowExpiresAt: window,
        verifyFirst,
        reasonCode: c.error.code,
        reason: c.error.message,
        nextStep: c.error.nextStep,
      };
    }
  }
}
