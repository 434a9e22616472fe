/**
 * Migration 0030: a stored payment event queues itself for admission (a trigger), so the event and its queue
 * entry are one statement and can never part, inside a caller's transaction or not. A database of schema 29
 * keeps its queue as it was; a redelivery (the insert does nothing) queues nothing; and when the queue entry
 * cannot be written, the event is not stored either.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const payment = (processorTxnId: string): NewPaymentEvent => ({
  source: 'webhook',
  processorTxnId,
  kind: 'one_time_payment',
  tender: 'card',
  amountMinor: 12_550,
  currency: 'USD',
  ehr: 'epic',
  facility: 'MAIN',
  guarantorAccount: 'G100200',
  encounterId: null,
  cardBrand: 'VISA',
  cardLast4: '1111',
  cardExpiry: '2029-09',
  transactionAt: 1,
});

describe('migration 0030_enqueue_trigger', () => {
  it('queues each new event once, with its insert, and keeps a schema-29 queue as it was', () => {
    const path = join(tempDir(), 'clearpost.sqlite');
    const old = openStore(path, { migrations: bundledMigrations().filter((m) => m.version < 30) });
    // As schema 29's code stored an event: the row, then its queue entry by a second statement.
    const { id: oldId } = createRepositories(old.db).events.insert(payment('OLD-1'), 1);
    old.db.prepare('INSERT INTO admission_queue (event_id) VALUES (?)').run(oldId);
    const queued = (db: typeof old.db) =>
      db.prepare<[], { id: number }>('SELECT event_id AS id FROM admission_queue ORDER BY event_id').all();
    expect(queued(old.db)).toHaveLength(1);
    old.db.close();

    const store = openStore(path);
    expect(store.migration?.applied).toEqual(['0030_enqueue_trigger.sql']);
    const { events } = createRepositories(store.db);
    expect(queued(store.db)).toHaveLength(1);

    const first = events.insert(payment('NEW-1'), 2);
    expect(first.created).toBe(true);
    // A redelivery stores nothing and queues nothing.
    expect(events.insert(payment('NEW-1'), 3)).toEqual({ id: first.id, created: false });
    expect(queued(store.db).map((r) => r.id)).toEqual([1, first.id]);

    // The queue entry cannot be written (its slot is taken): the event is not stored either.
    const next = first.id + 1;
    store.db.pragma('foreign_keys = OFF');
    store.db.prepare('INSERT INTO admission_queue (event_id) VALUES (?)').run(next);
    store.db.pragma('foreign_keys = ON');
    expect(() => events.insert(payment('NEW-2'), 4)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(events.findByTxn('NEW-2', 'one_time_payment')).toBeUndefined();
    store.db.close();
  });
});
