/**
 * The external transaction id sent to the EHR. The same event always gets the same id, and
 * a void or refund never reuses its payment's id: a site that rejects duplicate identifiers would otherwise
 * refuse the reversal as a duplicate of the payment it reverses.
 */
import type { EventKind } from '../../../shared/domain';

const SUFFIX: Readonly<Record<EventKind, string>> = {
  one_time_payment: '',
  payment_plan: '',
  void: 'VOID',
  refund: 'RFND',
};

export function externalIdFor(event: { readonly processorTxnId: string; readonly kind: EventKind }): string {
  return `${event.processorTxnId}${SUFFIX[event.kind]}`;
}
