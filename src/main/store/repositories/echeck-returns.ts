import type { Database } from 'better-sqlite3';
import { caseLinkStatements, newRowsAdder } from './case-links';

export interface NewEcheckReturn {
  readonly requestId: string;
  readonly merchantRef: string | null;
  /** The receiving bank's ACH return code, R01…R85. */
  readonly returnCode: string;
  /** The code in plain words. */
  readonly reason: string;
  /** What the return takes back (positive). */
  readonly amountMinor: number;
  readonly currency: string;
  readonly returnDate: string;
}

export interface EcheckReturn extends NewEcheckReturn {
  readonly id: number;
  /** The original payment, when Clearpost has it. */
  readonly eventId: number | null;
  /** The reversal event posted back to the EHR for it. */
  readonly reversalEventId: number | null;
  /** The quarantine entry of a return whose payment Clearpost did not have when it arrived. */
  readonly quarantineId: number | null;
}

const COLUMNS = `id, request_id AS requestId, merchant_ref AS merchantRef, return_code AS returnCode, reason,
  amount_minor AS amountMinor, currency, return_date AS returnDate, event_id AS eventId,
  reversal_event_id AS reversalEventId, quarantine_id AS quarantineId`;

/** eCheck (ACH) returns, each linked to its original payment and to the reversal that goes to the EHR. */
export function echeckReturnsRepository(db: Database) {
  // The original payment: the processor's request id of an eCheck payment (never of its refund or void).
  const insert = db.prepare<Record<string, unknown>, { id: number }>(
    `INSERT INTO echeck_returns (file_id, request_id, merchant_ref, return_code, reason, amount_minor, currency,
       return_date, event_id, imported_at)
     VALUES (@fileId, @requestId, @merchantRef, @returnCode, @reason, @amountMinor, @currency, @returnDate,
       (SELECT id FROM payment_events WHERE processor_txn_id = @requestId
          AND kind IN ('one_time_payment', 'payment_plan') LIMIT 1),
       @now)
     ON CONFLICT (request_id, return_code, return_date) DO NOTHING
     RETURNING id`,
  );
  const byId = db.prepare<[number], EcheckReturn>(`SELECT ${COLUMNS} FROM echeck_returns WHERE id = ?`);
  const awaiting = db.prepare<[], EcheckReturn>(
    `SELECT ${COLUMNS} FROM echeck_returns WHERE event_id IS NOT NULL AND reversal_event_id IS NULL ORDER BY id`,
  );
  const link = db.prepare<[number, number]>(
    'UPDATE echeck_returns SET reversal_event_id = ? WHERE id = ? AND reversal_event_id IS NULL',
  );
  const ofPayment = db.prepare<[string], EcheckReturn>(
    `SELECT ${COLUMNS} FROM echeck_returns WHERE request_id = ? ORDER BY return_date, id`,
  );
  const ofReversal = db.prepare<[number], EcheckReturn>(
    `SELECT ${COLUMNS} FROM echeck_returns WHERE reversal_event_id = ?`,
  );
  const links = caseLinkStatements<EcheckReturn>(db, 'echeck_returns', COLUMNS);
  const addNew = newRowsAdder(insert, byId);
  return {
    /** Stores the returns; returns those that were new (a repeat of a stored return adds nothing). Call inside a transaction. */
    add: (rows: readonly NewEcheckReturn[], fileId: number | null, now: number): EcheckReturn[] =>
      addNew(rows, fileId, now),
    /** Returns linked to their payment whose reversal is not stored yet. */
    awaitingReversal: (): EcheckReturn[] => awaiting.all(),
    linkReversal(id: number, reversalEventId: number): void {
      link.run(reversalEventId, id);
    },
    ofPayment: (requestId: string): EcheckReturn[] => ofPayment.all(requestId),
    /** The return a reversal event was made for. */
    ofReversal: (eventId: number): EcheckReturn | undefined => ofReversal.get(eventId),
    ...links,
  };
}
export type EcheckReturnsRepository = ReturnType<typeof echeckReturnsRepository>;
