import type { Repositories } from '../../src/main/store/repositories';
import type { NewPaymentEvent } from '../../src/main/store/repositories/events';
import type { PostingStatus } from '../../src/shared/domain';

let counter = 0;

/** Stores one payment event and its posting in the given status (test data only). */
export function seedPosting(
  repos: Repositories,
  status: PostingStatus,
  overrides: Partial<NewPaymentEvent> = {},
  now = Date.UTC(2026, 10, 23, 15, 0, 0),
): { eventId: number; postingId: number } {
  counter += 1;
  const event: NewPaymentEvent = {
    source: 'sandbox',
    processorTxnId: `TXN${String(counter).padStart(8, '0')}`,
    kind: 'one_time_payment',
    tender: 'card',
    amountMinor: 12_550,
    currency: 'USD',
    ehr: 'oracle_health',
    facility: 'MAIN',
    guarantorAccount: `G${String(100_000 + counter)}`,
    encounterId: `E${String(500_000 + counter)}`,
    cardBrand: 'VISA',
    cardLast4: '1111',
    transactionAt: now,
    ...overrides,
  };
  const { id: eventId } = repos.events.insert(event, now);
  const postingId = repos.postings.create(
    { eventId, ehr: event.ehr, connectionId: `${event.ehr}-sandbox`, channel: 'api', status },
    now,
  );
  return { eventId, postingId };
}
