/**
 * What the operator should do with an item, in plain words: the classification (status and its meaning),
 * the EHR's reason, and the next step. Pure, so it is the same on every screen and easy to test.
 */
import { EHR_LABEL, STATUS_INFO, type PaymentEvent, type Posting } from '../../../../shared/domain';

/**
 * Not Applicable items may still resolve: manual posting waits this long (domain brief §2) when the item
 * carries no window of its own (the connection's setting decides it otherwise).
 */
export const NOT_APPLICABLE_WAIT_MS = 48 * 3_600_000;

export interface Guidance {
  readonly classification: string;
  readonly meaning: string;
  readonly steps: readonly string[];
  /** Set when marking it manually posted now risks a duplicate. */
  readonly caution: string | null;
}

/** When a Not Applicable item becomes safe to post by hand. */
export function manualPostAllowedAt(posting: Posting): number | null {
  if (posting.status !== 'not_applicable') return null;
  return posting.windowExpiresAt ?? posting.createdAt + NOT_APPLICABLE_WAIT_MS;
}

export function guidanceFor(posting: Posting, event: PaymentEvent, now: number): Guidance {
  const ehr = EHR_LABEL[posting.ehr];
  const info = STATUS_INFO[posting.status];
  const code = posting.reasonCode ? ` (code ${posting.reasonCode})` : '';
  const classification = `${info.label}${code}`;
  const steps: string[] = [];
  let caution: string | null = null;
  switch (posting.status) {
    case 'failure':
      steps.push(
        `Post the payment by hand in ${ehr} for guarantor ${event.guarantorAccount ?? '(no account)'}.`,
      );
      if (posting.nextStep) steps.push(posting.nextStep);
      steps.push(`Record ${ehr}'s posting reference here with “Mark manually posted”.`);
      break;
    case 'retry':
      steps.push(
        'Nothing to do yet: Clearpost re-posts automatically inside the retry window, with the same transaction id.',
      );
      if (posting.nextStep) steps.push(posting.nextStep);
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
      if (posting.nextStep) steps.push(posting.nextStep);
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
      if (posting.nextStep) steps.push(posting.nextStep);
      break;
    case 'declined':
      steps.push('The processor declined the payment; no money moved and nothing is posted.');
      if (posting.nextStep) steps.push(posting.nextStep);
      break;
    case 'success':
    case 'manually_posted':
      steps.push(`Posted. ${ehr} reference: ${posting.ehrReference ?? '—'}.`);
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
  return { classification, meaning: posting.reason ?? info.meaning, steps, caution };
}
