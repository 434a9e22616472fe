import type { Database } from 'better-sqlite3';
import { caseLinkStatements, newRowsAdder } from './case-links';

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
  /** For an action that gave the money back (a won case): the payment re-posted to the EHR. */
  readonly repostEventId: number | null;
  /** The quarantine entry of a case whose payment Clearpost did not have when it arrived. */
  readonly quarantineId: number | null;
}

const COLUMNS = `id, request_id AS requestId, merchant_ref AS merchantRef, case_number AS caseNumber, action,
  reason_code AS reasonCode, amount_minor AS amountMinor, currency,
  original_settlement_date AS originalSettlementDate, chargeback_date AS chargebackDate,
  response_due_date AS responseDueDate, event_id AS eventId,
  reversal_event_id AS reversalEventId, repost_event_id AS repostEventId, quarantine_id AS quarantineId`;

/** Chargeback case actions, each linked to its original payment, by response deadline. */
export function chargebacksRepository(db: Database) {
  // The original payment: the processor's request id of a payment (never of its refund or void).
  const insert = db.prepare<Record<string, unknown>, { id: number }>(
    `INSERT INTO chargebacks (file_id, request_id, merchant_ref, case_number, action, reason_code, amount_minor,
       currency, original_settlement_date, chargeback_date, response_due_date, event_id, imported_at)
     VALUES (@fileId, @requestId, @merchantRef, @caseNumber, @action, @reasonCode, @amountMinor, @currency,
       @originalSettlementDate, @chargebackDate, @responseDueDate,
       (SELECT id FROM payment_events WHERE processor_txn_id = @requestId
          AND kind IN ('one_time_payment', 'payment_plan') LIMIT 1),
       @now)
     ON CONFLICT (case_number, action, chargeback_date) DO NOTHING
     RETURNING id`,
  );
  const byId = db.prepare<[number], Chargeback>(`SELECT ${COLUMNS} FROM chargebacks WHERE id = ?`);
  const dueFrom = db.prepare<[string], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE response_due_date >= ? ORDER BY response_due_date, id`,
  );
  const ofPayment = db.prepare<[string], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE request_id = ? ORDER BY chargeback_date, id`,
  );
  // Only an action that takes money is reversed in the EHR; one that gives it back (a won case) is recorded.
  // The same chargeback seen under two identifiers (a file's CaseNumber, the Reporting API's tracking number)
  // is one withdrawal: a payment already reversed for the same amount on the same day is not reversed again,
  // so the EHR never takes the money back twice.
  const awaiting = db.prepare<[], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks
     WHERE event_id IS NOT NULL AND reversal_event_id IS NULL AND amount_minor > 0
       AND NOT EXISTS (SELECT 1 FROM chargebacks o WHERE o.request_id = chargebacks.request_id
         AND o.chargeback_date = chargebacks.chargeback_date AND o.amount_minor = chargebacks.amount_minor
         AND o.reversal_event_id IS NOT NULL)
     ORDER BY id`,
  );
  const link = db.prepare<[number, number]>(
    'UPDATE chargebacks SET reversal_event_id = ? WHERE id = ? AND reversal_event_id IS NULL',
  );
  const ofReversal = db.prepare<[number], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE reversal_event_id = ?`,
  );
  // A won case is re-posted only once the chargeback it undoes was reversed in the EHR: re-posting a payment
  // the EHR still holds would count it twice. Its original payment is the chargeback's.
  const awaitingRepost = db.prepare<[], Chargeback & { chargebackReversalEventId: number }>(
    `SELECT * FROM (
       SELECT ${COLUMNS},
         (SELECT c.reversal_event_id FROM chargebacks c WHERE c.case_number = w.case_number
            AND c.request_id = w.request_id AND c.reversal_event_id IS NOT NULL ORDER BY c.id LIMIT 1)
           AS chargebackReversalEventId
       FROM chargebacks w
       WHERE event_id IS NOT NULL AND repost_event_id IS NULL AND amount_minor < 0)
     WHERE chargebackReversalEventId IS NOT NULL ORDER BY id`,
  );
  const linkRepost = db.prepare<[number, number]>(
    'UPDATE chargebacks SET repost_event_id = ? WHERE id = ? AND repost_event_id IS NULL',
  );
  const ofRepost = db.prepare<[number], Chargeback>(
    `SELECT ${COLUMNS} FROM chargebacks WHERE repost_event_id = ?`,
  );
  const links = caseLinkStatements<Chargeback>(db, 'chargebacks', COLUMNS);
  const addNew = newRowsAdder(insert, byId);
  return {
    /** Stores the actions; returns those that were new (a repeat adds nothing). Call inside a transaction. */
    add: (rows: readonly NewChargeback[], fileId: number | null, now: number): Chargeback[] =>
      addNew(rows, fileId, now),
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
    /** Won cases (money given back) of a linked payment whose chargeback was reversed and that are not re-posted. */
    awaitingRepost: () => awaitingRepost.all(),
    linkRepost(id: number, repostEventId: number): void {
      linkRepost.run(repostEventId, id);
    },
    /** The won case a re-posted payment was made for. */
    ofRepost: (eventId: number): Chargeback | undefined => ofRepost.get(eventId),
    ...links,
  };
}
export type ChargebacksRepository = ReturnType<typeof chargebacksRepository>;
