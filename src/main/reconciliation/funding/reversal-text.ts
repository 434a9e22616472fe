/**
 * What an operator reads on a chargeback's or an eCheck return's reversal: why the money went back, and for
 * a chargeback the date the response is due (a missed deadline usually loses the case), in plain words.
 */
import type { ReversalCause } from '../../../shared/domain';
import type { Chargeback } from '../../store/repositories/chargebacks';
import type { EcheckReturn } from '../../store/repositories/echeck-returns';

export interface ReversalView {
  readonly cause: ReversalCause;
  /** The chargeback's response deadline, YYYY-MM-DD; null for a return or when the report gave none. */
  readonly responseDueDate: string | null;
  readonly text: string;
}

const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });

export function chargebackView(cb: Chargeback): ReversalView {
  const reason = cb.reasonCode ? ` (reason code ${cb.reasonCode})` : '';
  const due = cb.responseDueDate
    ? ` Respond to the processor by ${longDate(cb.responseDueDate)}: a missed deadline usually loses the case.`
    : ' The report gave no response date: ask the processor when the response is due.';
  return {
    cause: 'chargeback',
    responseDueDate: cb.responseDueDate,
    text: `Chargeback case ${cb.caseNumber}${reason} on payment ${cb.requestId}, ${cb.action.toLowerCase()} of ${longDate(cb.chargebackDate)}: the money went back to the card holder and this reverses the payment in the EHR.${due}`,
  };
}

export function returnView(ret: EcheckReturn): ReversalView {
  return {
    cause: 'echeck_return',
    responseDueDate: null,
    text: `eCheck payment ${ret.requestId} returned by the patient's bank on ${longDate(ret.returnDate)} (${ret.returnCode}): ${ret.reason} This reverses the payment in the EHR.`,
  };
}

/** A won case's re-posted payment: why the payment is in the EHR again. */
export function repostView(cb: Chargeback): { readonly text: string } {
  return {
    text: `Chargeback case ${cb.caseNumber} on payment ${cb.requestId} was won: the processor gave the money back on ${longDate(cb.chargebackDate)} (${cb.action.toLowerCase()}), so this posts the payment to the EHR again after its chargeback reversal.`,
  };
}
