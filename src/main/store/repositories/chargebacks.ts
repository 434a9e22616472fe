import type { Database } from 'better-sqlite3';

export interface NewChargeback {
  readonly requestId: string;
  readonly merchantRef: string | null;
  readonly caseNumber: string;
  readonly action: string;
  readonly reasonCode: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly originalSettlementDate: string | null;
  readonly chargebackDate: string;
  readonly responseDueDate: string | null;
}

export interface Chargeback extends NewChargeback {
  readonly id: number;
  /** The original payment, when Clearpost has it. */
  readonly eventId: number | null;
  /** The reversal event posted back to the EHR for this action (one that took money). */
  readonly reversalEventId: number | null;
}

const COLUMNS = `id, request_id AS requestId, merchant_ref AS merchantRef, case_number AS caseNumber, action,
  reason_code AS reasonCode, amount_minor AS amountMinor, currency,
  original_settlement_date AS originalSettlementDate, chargeback_date AS chargebackDate,
  response_due_date AS responseDueDate, event_id AS eventId,
  reversal_event_id AS reversalEventId`;

/** Chargeback case actions, each linked to its original payment, by response deadline. */
export function chargebacksRepository(db: Database) {
  // The original payment: the processor's request id of a payment (never of its refund or void).
  const insert = db.prepare(
    `INSERT INTO chargebacks (file_id, request_id, merchant_ref, case_number, action, reason_code, amount_minor,
       currency, original_settlement_date, chargeback_date, response_due_date, event_id, imported_at)
     VALUES (@fileId, @requestId, @merchantRef, @caseNumber, @action, @reasonCode, @amountMinor, @currency,
       @originalSettlementDate, @chargebackDate, @responseDueDate,
       (SELECT id FROM payment_events WHERE processor_txn_id = @requestId
          AND kind IN ('one_time_payment', 'payment_plan') LIMIT 1),
       @now)
     ON CONFLICT (case_number, action, chargeback_date) DO NOTHING`,
  );
  const dueFrom = db.prepare<[string], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE response_due_date >= ? ORDER BY response_due_date, id`,
  );
  const ofPayment = db.prepare<[string], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE request_id = ? ORDER BY chargeback_date, id`,
  );
  // Only an action that takes money is reversed in the EHR; one that gives it back (a won case) is recorded.
  const awaiting = db.prepare<[], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks
     WHERE event_id IS NOT NULL AND reversal_event_id IS NULL AND amount_minor > 0 ORDER BY id`,
  );
  const link = db.prepare<[number, number]>(
    'UPDATE chargebacks SET reversal_event_id = ? WHERE id = ? AND reversal_event_id IS NULL',
  );
  const ofReversal = db.prepare<[number], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE reversal_event_id = ?`,
  );
  return {
    /** Stores the actions; returns how many were new. Call inside a transaction. */
    add(rows: readonly NewChargeback[], fileId: number | null, now: number): number {
      let added = 0;
      for (const row of rows) added += insert.run({ ...row, fileId, now }).changes;
      return added;
    },
    /** Cases whose response is due on or after the day, soonest first: the queue with its deadlines. */
    dueFrom: (day: string): Chargeback[] => dueFrom.all(day),
    ofPayment: (requestId: string): Chargeback[] => ofPayment.all(requestId),
    /** Actions that took money from a payment Clearpost has, whose reversal is not stored yet. */
    awaitingReversal: (): Chargeback[] => awaiting.all(),
    linkReversal(id: number, reversalEventId: number): void {
      link.run(reversalEventId, id);
    },
    /** The case action a reversal event was made for. */
    ofReversal: (eventId: number): Chargeback | undefined => ofReversal.get(eventId),
  };
}
