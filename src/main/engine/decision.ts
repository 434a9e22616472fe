/**
 * The decision: what happens to a claimed posting, and its next state after each answer. Pure; the engine
 * performs what it says and writes the result in one short transaction. The retry window and the "may have
 * posted" rules live here and nowhere else:
 * - an item in doubt (an earlier attempt may have reached the EHR) is never sent again unless the EHR says it
 *   is not there, or the EHR refuses duplicates itself;
 * - past its window nothing is sent: a clean item fails (post it manually), an item in doubt goes to a person
 *   to check the EHR first, never to manual posting blind.
 */
import type { ConnectorCapabilities, EhrError } from '../connectors/ehr';
import { nextStepFor } from '../connectors/ehr/next-steps';
import type { ClaimedPosting, Settlement } from '../store/repositories/posting-work';
import type { Classification, Verification } from './classify';
import { CHECK_EHR_FIRST, ENGINE_TEXT } from './operator-text';
import { nextAttemptAt, type RetryPolicy } from './schedule';

export interface SettleContext {
  readonly now: number;
  readonly item: ClaimedPosting;
  readonly policy: RetryPolicy & { readonly notApplicableWindowMs: number };
  readonly capabilities: ConnectorCapabilities;
  readonly random: () => number;
}

/** What to do with a claimed item before (or instead of) sending it. */
export type Step =
  | { readonly kind: 'lookup' }
  | { readonly kind: 'send' }
  | { readonly kind: 'settle'; readonly settlement: Settlement };

/** An empty state to build a settlement from. */
export function blankSettlement(): Settlement {
  return {
    status: 'retry',
    nextAttemptAt: null,
    windowExpiresAt: null,
    verifyFirst: false,
    ehrReference: null,
    reasonCode: null,
    reason: null,
    nextStep: null,
    resolvedAt: null,
  };
}

/** An item that has been in Retry past its window. */
function pastItsWindow(item: ClaimedPosting, now: number): boolean {
  return item.previousStatus === 'retry' && item.windowExpiresAt !== null && now >= item.windowExpiresAt;
}

/**
 * The end of the window: a clean item fails and is posted by hand; one the EHR may already hold goes to a
 * person to check first.
 */
function afterWindow(
  ctx: SettleContext,
  window: number,
  mayHavePosted: boolean,
  lastError: string | null,
  manualStep: string,
): Settlement {
  const reason = ENGINE_TEXT.pastWindow(
    Math.round(ctx.policy.windowMs / 3_600_000),
    lastError,
    mayHavePosted,
  );
  return {
    ...blankSettlement(),
    status: mayHavePosted ? 'needs_verification' : 'failure',
    windowExpiresAt: window,
    verifyFirst: mayHavePosted,
    reasonCode: 'window_expired',
    reason,
    nextStep: mayHavePosted ? CHECK_EHR_FIRST : manualStep,
  };
}

/**
 * The first step for a claimed item. `doubt` says an earlier attempt may be in the EHR: the item's own flag,
 * or cleared once a lookup found the payment absent.
 */
export function firstStep(ctx: SettleContext, doubt: boolean, lookedUp: boolean): Step {
  const { item, capabilities, now } = ctx;
  if (doubt && capabilities.lookup && !lookedUp) return { kind: 'lookup' };
  if (doubt && !capabilities.serverDedupesOnExternalId) {
    return {
      kind: 'settle',
      settlement: {
        ...blankSettlement(),
        status: 'needs_verification',
        windowExpiresAt: item.windowExpiresAt,
        verifyFirst: true,
        reasonCode: 'ambiguous_unverifiable',
        reason: ENGINE_TEXT.unverifiable,
        nextStep: CHECK_EHR_FIRST,
      },
    };
  }
  if (pastItsWindow(item, now)) {
    return {
      kind: 'settle',
      settlement: afterWindow(
        ctx,
        item.windowExpiresAt ?? now,
        doubt,
        item.reasonCode,
        ENGINE_TEXT.manualPost,
      ),
    };
  }
  return { kind: 'send' };
}

/** After a lookup: linked when found, held when the EHR could not tell, sent (doubt cleared) when absent. */
export function afterLookup(ctx: SettleContext, verification: Verification): Step {
  switch (verification.kind) {
    case 'found':
      return {
        kind: 'settle',
        settlement: {
          ...blankSettlement(),
          status: 'success',
          ehrReference: verification.ehrReference,
          reasonCode: 'found_in_ehr',
          reason: ENGINE_TEXT.foundInEhr,
          resolvedAt: ctx.now,
        },
      };
    case 'unknown':
      return { kind: 'settle', settlement: settlementFor(classifyLookupError(verification), ctx, true) };
    case 'absent':
      return firstStep(ctx, false, true);
  }
}

/** A lookup that could not tell is an ambiguous answer: the item stays in doubt. */
function classifyLookupError(verification: Extract<Verification, { kind: 'unknown' }>): Classification {
  const { error } = verification;
  if (error.code === 'unexpected_response')
    return { status: 'needs_verification', outcome: 'ambiguous', error };
  return { status: 'retry', outcome: 'ambiguous', error, pace: 'backoff', verifyFirst: true };
}

/**
 * Turns a classification into the posting's next state: its status, when it goes again, its window,
 * and what the operator reads (built from the item's own connection windows, not a fixed "2 days").
 * @param stillUnverified the EHR may still hold an earlier attempt of this item (a lookup could not tell).
 */
export function settlementFor(c: Classification, ctx: SettleContext, stillUnverified: boolean): Settlement {
  const { now, item, policy } = ctx;
  const stepOf = (error: EhrError) => nextStepFor(error.code, policy);
  const base: Settlement = { ...blankSettlement(), status: c.status, windowExpiresAt: item.windowExpiresAt };
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
      return { ...base, reasonCode: c.error.code, reason: c.error.message, nextStep: stepOf(c.error) };
    case 'not_applicable':
      return {
        ...base,
        // Nobody posts a Not Applicable by hand until this window has passed: the engine may still resolve it
        // (a later answer or lookup), and a hand posting meanwhile would make two.
        windowExpiresAt: now + policy.notApplicableWindowMs,
        reasonCode: c.error.code,
        reason: c.error.message,
        nextStep: stepOf(c.error),
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
      if (now >= window) return afterWindow(ctx, window, verifyFirst, c.error.message, stepOf(c.error));
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
        nextStep: stepOf(c.error),
      };
    }
  }
}
