/**
 * A report cannot tell a plan installment from a one-time payment, so the same processor transaction may be
 * read as either (backfill imports the report's row; the replayed webhook names the plan). It stays one
 * payment: the second reading is a duplicate of the first, in either order, and nothing new is queued.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest, type IngestDeps } from '../../../src/main/intake/ingest';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { openTestStore, T0, type TestStore } from './store-helper';

let t: TestStore;
let deps: IngestDeps;
beforeEach(() => {
  t = openTestStore();
  deps = { db: t.store.db, repos: t.repos, clock: t.clock };
});
afterEach(() => t.close());

function reading(kind: NewPaymentEvent['kind'], txn: string) {
  const event: NewPaymentEvent = {
    source: 'file',
    processorTxnId: txn,
    kind,
    tender: 'card',
    amountMinor: 12_500,
    currency: 'USD',
    ehr: 'epic',
    facility: 'MAIN',
    transactionAt: T0,
  };
  return ingest(
    {
      source: 'file',
      sourceRef: null,
      input: { kind },
      map: () => ({ ok: true, event, disposition: 'post' }),
    },
    deps,
  );
}

const queued = () => t.store.db.prepare('SELECT count(*) FROM admission_queue').pluck().get();

describe('one transaction, one payment, whichever payment kind each reading gave', () => {
  it.each([
    ['one_time_payment', 'payment_plan'],
    ['payment_plan', 'one_time_payment'],
  ] as const)('%s first, then %s: the second is a duplicate', (first, second) => {
    const a = reading(first, `T-${first}`);
    expect(a).toMatchObject({ outcome: 'stored' });
    const b = reading(second, `T-${first}`);
    expect(b).toEqual({ outcome: 'duplicate', eventId: (a as { eventId: number }).eventId });
    expect(t.repos.events.count()).toBe(1);
    expect(queued()).toBe(1);
  });
});
