import type { Database } from 'better-sqlite3';

export interface NewBankDeposit {
  readonly line: number;
  readonly format: 'bai2' | 'camt053';
  readonly accountLast4: string;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly direction: 'credit' | 'debit' | 'other';
  readonly typeCode: string;
  readonly bankReference: string | null;
  readonly customerReference: string | null;
  readonly text: string;
  readonly dedupeKey: string;
}

export interface BankDeposit extends Omit<NewBankDeposit, 'dedupeKey'> {
  readonly id: number;
  readonly fileId: number;
}

const COLUMNS = `id, file_id AS fileId, line, format, account_last4 AS accountLast4, booking_date AS bookingDate,
  value_date AS valueDate, amount_minor AS amountMinor, currency, direction, type_code AS typeCode,
  bank_reference AS bankReference, customer_reference AS customerReference, text`;

/** Bank statement entries (BAI2, camt.053), one per entry however often a statement reports it. */
export function bankDepositsRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO bank_deposits (file_id, line, format, account_last4, booking_date, value_date, amount_minor,
       currency, direction, type_code, bank_reference, customer_reference, text, dedupe_key, imported_at)
     VALUES (@fileId, @line, @format, @accountLast4, @bookingDate, @valueDate, @amountMinor, @currency,
       @direction, @typeCode, @bankReference, @customerReference, @text, @dedupeKey, @now)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const between = db.prepare<[string, string], BankDeposit>(
    `SELECT ${COLUMNS} FROM bank_deposits WHERE booking_date BETWEEN ? AND ? ORDER BY booking_date, id`,
  );
  const byId = db.prepare<[number], BankDeposit>(`SELECT ${COLUMNS} FROM bank_deposits WHERE id = ?`);
  return {
    /** Stores the entries; returns how many were new (the rest were already known). Call in a transaction. */
    add(entries: readonly NewBankDeposit[], fileId: number, now: number): number {
      let added = 0;
      for (const entry of entries) added += insert.run({ ...entry, fileId, now }).changes;
      return added;
    },
    between: (from: string, to: string): BankDeposit[] => between.all(from, to),
    get: (id: number): BankDeposit | undefined => byId.get(id),
  };
}
