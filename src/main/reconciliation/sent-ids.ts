/**
 * The id an EHR holds for a processor event is the id Clearpost sent, not always the processor's id: a void
 * or a refund is sent with a suffix (`…VOID`, `…RFND`, see connectors/ehr/external-id.ts) so that a site
 * rejecting repeated identifiers does not refuse it as a duplicate of its payment. Balancing must look the
 * EHR side up by that sent id, or every reversal shows twice (missing in the EHR under its processor id, and
 * missing at the processor under the sent one).
 */
import { EVENT_KINDS, type EventKind } from '../../shared/domain';
import { externalIdFor } from '../connectors/ehr/external-id';

export function sentIdOf(event: { readonly processorTxnId: string; readonly kind: EventKind }): string {
  return externalIdFor(event);
}

/**
 * The processor events an EHR id can stand for: the id itself (sent unsuffixed, or an EHR file that lists the
 * processor's id), and for each suffixed kind the id without its suffix.
 */
export function candidatesOf(externalId: string): { processorTxnId: string; kind: EventKind | null }[] {
  const found: { processorTxnId: string; kind: EventKind | null }[] = [
    { processorTxnId: externalId, kind: null },
  ];
  for (const kind of EVENT_KINDS) {
    const suffix = externalIdFor({ processorTxnId: '', kind });
    if (suffix && externalId.length > suffix.length && externalId.endsWith(suffix)) {
      found.push({ processorTxnId: externalId.slice(0, -suffix.length), kind });
    }
  }
  return found;
}
