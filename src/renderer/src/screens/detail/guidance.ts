/**
 * What the operator should do with an item, in plain words: the classification (status and its meaning),
 * the EHR's reason, and the next step. Pure, so it is the same on every screen and easy to test.
 */
import { EHR_LABEL, type PaymentEvent, type Posting } from '../../../../shared/domain';
import { itemReason, statusMeaning, statusName } from '../../../../shared/words';

/**
 * Not Applicable items may still resolve: manual posting waits this long when the item
 * carries no window of its own (the connection's setting decides it otherwise).
 */
export const NOT_APPLICABLE_WAIT_MS = 48 * 3_600_000;

export interface Guidance {
  readonly classification: string;
  readonly meaning: string;
  /** The EHR's own words when they add to the meaning (shown smaller, under it). */
  readonly detail: string | null;
  readonly steps: readonly string[];
  /** Set when marking it manually posted now risks a duplicate. */
  readonly caution: string | null;
}

/** When a Not Applicable item becomes safe to post by hand. */
export function manualPostAllowedAt(posting: Posting): number | null {
  if (posting.status !== 'not_applicable') return null;
  return posting.windowExpiresAt ?? posting.createdAt + NOT_APPLICABLE_WAIT_MS;
}

/**
 * Whether the item's guidance is to post it by hand: then "Mark manually posted" is the primary action
 * and "Retry now" a secondary one (a retry would most likely be refused the same way).
 */
export function guidanceSaysPostManually(posting: Posting, now: number): boolean {
  if (posting.status === 'failure') return true;
  if (posting.status === 'not_applicable') {
    const allowed = manualPostAllowedAt(posting);
    return allowed !== null && allowed <= now;
  }
  return /^manually post/i.test(posting.nextStep ?? '') && posting.status !== 'retry';
}

export function guidanceFor(posting: Posting, event: PaymentEvent, now: number): Guidance {
  const ehr = EHR_LABEL[posting.ehr];
  // The reason code and the HTTP status are technical: they stay in the timeline's request and response.
  const classification = statusName(posting.status);
  const reason = itemReason(posting);
  const nextStep = reason.nextStep;
  const steps: string[] = [];
  let caution: string | null = null;
  switch (posting.status) {
    case 'failure':
      steps.push(
        `Post the payment by hand in ${ehr} for guarantor ${event.guarantorAccount ?? '(no account)'}.`,
      );
      if (nextStep) steps.push(nextStep);
      steps.push(`Record ${ehr}'s posting reference here with “Mark manually posted”.`);
      break;
    case 'retry':
      steps.push(
        'Nothing to do yet: Clearpost re-posts automatically inside the retry window, with the same transaction id.',
      );
      if (nextStep) steps.push(nextStep);
      break;
    case 'not_applicable': {
      const allowed = manualPostAllowedAt(posting) ?? now;
      steps.push('The integration could not process this item; the engine may still resolve it.');
      if (allowed > now) {
        caution = `Do not post manually before ${new Date(allowed).toLocaleString()} (the end of its Not Applicable window).`;
      } else {
        steps.push(
          `Its Not Applicable window has passed: post it by hand in ${ehr} and record the reference.`,
        );
      }
      if (nextStep) steps.push(nextStep);
      break;
    }
    case 'needs_verification':
      steps.push(`Look up transaction ${event.processorTxnId} in ${ehr} before anything else.`);
      steps.push(`If ${ehr} has it: “Mark manually posted” with its posting reference.`);
      steps.push(`If it is not there: tick “I checked ${ehr}” and “Retry now”.`);
      caution = `${ehr} may already have this payment: posting it again by hand would create a duplicate.`;
      break;
    case 'quarantined':
      steps.push(
        'Rejected at intake; nothing was sent. Correct the source data, or post by hand if it is valid.',
      );
      if (nextStep) steps.push(nextStep);
      break;
    case 'declined':
      steps.push('The processor declined the payment; no money moved and nothing is posted.');
      if (nextStep) steps.push(nextStep);
      break;
    case 'success':
      steps.push(successStep(posting, ehr));
      break;
    case 'manually_posted':
      steps.push(
        posting.ehrReference
          ? `Posted by hand in ${ehr}; its reference is ${posting.ehrReference}. Nothing to do.`
          : `Posted by hand in ${ehr}. Nothing to do.`,
      );
      break;
    case 'will_not_be_sent':
      steps.push(
        'Manual-workflow payment: never sent by API; it is listed in the daily reconciliation file.',
      );
      break;
    case 'pending':
    case 'in_flight':
      steps.push('Clearpost is sending it now; nothing to do.');
      break;
  }
  if (posting.held) steps.unshift('On hold: the engine leaves it alone until someone releases it.');
  const meaning = reason.sentence ?? statusMeaning(posting.status);
  return { classification, meaning, detail: reason.detail, steps, caution };
}

/** A Success says how it got there: posted by Clearpost, or found already in the EHR and linked. */
function successStep(posting: Posting, ehr: string): string {
  const linked = posting.reasonCode === 'found_in_ehr' || posting.reasonCode === 'duplicate';
  if (linked) {
    return posting.ehrReference
      ? `${ehr} already had this payment (reference ${posting.ehrReference}); Clearpost linked it and did not post it again. Nothing to do.`
      : `${ehr} already had this payment under its transaction id; Clearpost linked it and did not post it again. Nothing to do.`;
  }
  return posting.ehrReference
    ? `Posted in ${ehr}; its reference is ${posting.ehrReference}. Nothing to do.`
    : `Posted in ${ehr}; ${ehr} gave no reference. Nothing to do.`;
}
