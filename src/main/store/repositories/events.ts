import type { Database } from 'better-sqlite3';
import type { EhrSystem, EventKind, PaymentEvent } from '../../../shared/domain';
import type { NewRecord } from './new-record';

/** A canonical, already-guarded payment event ready to store (no id yet; received when stored). */
export type NewPaymentEvent = NewRecord<
  PaymentEvent,
  | 'source'
  | 'processorTxnId'
  | 'kind'
  | 'tender'
  | 'amountMinor'
  | 'currency'
  | 'ehr'
  | 'facility'
  | 'transactionAt',
  | 'guarantorAccount'
  | 'encounterId'
  | 'merchantRef'
  | 'cardBrand'
  | 'cardLast4'
  | 'cardExpiry'
  | 'checkNumber'
  | 'processorStatus'
  | 'reasonCode'
  | 'effectiveDate'
  | 'fundingDate'
  | 'serviceFeeMinor'
> & {
  /** What intake keeps beside the canonical fields (check date, cash tendered), stored as JSON. */
  readonly extras?: Record<string, unknown>;
};

export const EVENT_COLUMNS = `id, source, processor_txn_id AS processorTxnId, kind, tender, amount_minor AS amountMinor,
  currency, ehr, facility, guarantor_account AS guarantorAccount, encounter_id AS encounterId,
  merchant_ref AS merchantRef, card_brand AS cardBrand, card_last4 AS cardLast4, card_expiry AS cardExpiry,
  check_number AS checkNumber, processor_status AS processorStatus, reason_code AS reasonCode,
  transaction_at AS transactionAt, effective_date AS effectiveDate, funding_date AS fundingDate,
  service_fee_minor AS serviceFeeMinor, received_at AS receivedAt`;

export function eventsRepository(db: Database) {
  // No RETURNING (a temporary b-tree per run): a row inserted is `changes` 1 and its id the statement's
  // lastInsertRowid (the queue entry its trigger writes changes neither).
  const insert = db.prepare(`
    INSERT INTO payment_events (source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
      guarantor_account, encounter_id, merchant_ref, card_brand, card_last4, card_expiry, check_number,
      processor_status, reason_code, transaction_at, effective_date, funding_date, service_fee_minor, extras,
      received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (processor_txn_id, kind) DO NOTHING`);
  const byId = db.prepare<[number], PaymentEvent>(`SELECT ${EVENT_COLUMNS} FROM payment_events WHERE id = ?`);
  const byTxn = db.prepare<[string, string], PaymentEvent>(
    `SELECT ${EVENT_COLUMNS} FROM payment_events WHERE processor_txn_id = ? AND kind = ?`,
  );
  // Served by the unique index on (processor_txn_id, kind), whose first column is the id.
  const kindsByTxn = db.prepare<[string], { kind: EventKind }>(
    'SELECT DISTINCT kind FROM payment_events WHERE processor_txn_id = ?',
  );
  const idByTxn = db.prepare<[string, string], { id: number }>(
    'SELECT id FROM payment_events WHERE processor_txn_id = ? AND kind = ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM payment_events');
  const facilitiesSince = db.prepare<[number], { facility: string; ehr: EhrSystem }>(
    'SELECT DISTINCT facility, ehr FROM payment_events WHERE transaction_at >= ?',
  );
  const facilitiesByEhr = db.prepare<[string], { facility: string }>(
    'SELECT DISTINCT facility FROM payment_events WHERE ehr = ? ORDER BY facility',
  );
  const extras = db.prepare<[number], { extras: string }>('SELECT extras FROM payment_events WHERE id = ?');
  const storeRow = (event: NewPaymentEvent, receivedAt: number): { id: number; created: boolean } => {
    const { changes, lastInsertRowid } = insert.run(
      event.source,
      event.processorTxnId,
      event.kind,
      event.tender,
      event.amountMinor,
      event.currency,
      event.ehr,
      event.facility,
      event.guarantorAccount ?? null,
      event.encounterId ?? null,
      event.merchantRef ?? null,
      event.cardBrand ?? null,
      event.cardLast4 ?? null,
      event.cardExpiry ?? null,
      event.checkNumber ?? null,
      event.processorStatus ?? null,
      event.reasonCode ?? null,
      event.transactionAt,
      event.effectiveDate ?? null,
      event.fundingDate ?? null,
      event.serviceFeeMinor ?? 0,
      JSON.stringify(event.extras ?? {}),
      receivedAt,
    );
    // The insert queues the new event for admission itself (trigger payment_events_enqueue, schema 30).
    if (changes === 1) return { id: Number(lastInsertRowid), created: true };
    const existing = idByTxn.get(event.processorTxnId, event.kind);
    if (!existing) throw new Error('payment event conflict without an existing row');
    return { id: existing.id, created: false };
  };

  return {
    /**
     * Stores the event once (a redelivery of the same transaction and kind returns `created: false`) and
     * queues a new one for the engine, in one statement (the queue entry is the insert's trigger): inside a
     * caller's transaction or not, no savepoint is needed for the two to stay together.
     */
    insert: storeRow,
    get: (id: number): PaymentEvent | undefined => byId.get(id),

    findByTxn: (processorTxnId: string, kind: EventKind): PaymentEvent | undefined =>
      byTxn.get(processorTxnId, kind),
    /** The kinds stored for a processor transaction id (a transaction belongs to one kind only). */
    kindsOf: (processorTxnId: string): EventKind[] => kindsByTxn.all(processorTxnId).map((r) => r.kind),
    count: (): number => count.get()?.n ?? 0,
    /** Every facility that has had a payment for the EHR, in order (the Epic files are written per facility). */
    facilitiesOf: (ehr: EhrSystem): string[] => facilitiesByEhr.all(ehr).map((r) => r.facility),
    /** The facilities (with their EHR) of payments taken since `at` (the schedule's recent facilities). */
    facilitiesSince: (at: number): { facility: string; ehr: EhrSystem }[] => facilitiesSince.all(at),
    /** The redacted canonical extras kept with an event (check date, cash tendered, mapped custom fields). */
    extrasOf(id: number): Record<string, unknown> {
      const row = extras.get(id);
      return row ? (JSON.parse(row.extras) as Record<string, unknown>) : {};
    },
  };
}
export type EventsRepository = ReturnType<typeof eventsRepository>;
