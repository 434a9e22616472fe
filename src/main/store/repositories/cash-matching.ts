import type { Database } from 'better-sqlite3';
import type { CashExceptionView } from '../../../shared/commands/cash';
import type { BankDeposit } from './bank-deposits';
import type { FundingBatch } from './funding';

export type MatchShape = 'one_to_one' | 'many_deposits' | 'many_batches' | 'manual';
export type CashSubject = CashExceptionView['subjectType'];

export interface NewCashMatch {
  readonly shape: MatchShape;
  readonly depositIds: readonly number[];
  readonly batchIds: readonly number[];
  readonly matchedBy: string;
  readonly differenceMinor: number;
  readonly note?: string | null;
}

/** An unmatched deposit or funding batch in the cash queue (declared once, with the cash commands). */
export type CashException = CashExceptionView;

export interface MatchedPair {
  readonly matchId: number;
  readonly shape: MatchShape;
  readonly differenceMinor: number;
  readonly depositIds: number[];
  readonly batchIds: number[];
}

const DEPOSIT_COLUMNS = `d.id, d.file_id AS fileId, d.line, d.format, d.account_last4 AS accountLast4,
  d.booking_date AS bookingDate, d.value_date AS valueDate, d.amount_minor AS amountMinor, d.currency, d.direction,
  d.type_code AS typeCode, d.bank_reference AS bankReference, d.customer_reference AS customerReference, d.text`;
const BATCH_COLUMNS = `b.id, b.merchant_id AS merchantId, b.batch_id AS batchId, b.currency,
  b.funding_date AS fundingDate, b.items, b.purchases_minor AS purchasesMinor, b.refunds_minor AS refundsMinor,
  b.chargebacks_minor AS chargebacksMinor, b.fees_minor AS feesMinor, b.net_minor AS netMinor`;

/** Deposits matched to funding batches, and the exceptions (unmatched either side) with aging and owner. */
export function cashMatchingRepository(db: Database) {
  const unmatchedDeposits = db.prepare<[string, string], BankDeposit>(
    `SELECT ${DEPOSIT_COLUMNS} FROM bank_deposits d
     WHERE d.booking_date BETWEEN ? AND ? AND d.direction <> 'other'
       AND NOT EXISTS (SELECT 1 FROM cash_match_deposits m WHERE m.deposit_id = d.id)
     ORDER BY d.booking_date, d.id`,
  );
  const unmatchedBatches = db.prepare<[string, string], FundingBatch>(
    `SELECT ${BATCH_COLUMNS} FROM funding_batches b
     WHERE b.funding_date BETWEEN ? AND ?
       AND NOT EXISTS (SELECT 1 FROM cash_match_batches m WHERE m.batch_id = b.id)
     ORDER BY b.funding_date, b.id`,
  );
  const insertMatch = db.prepare<[string, string, number, number, string | null], { id: number }>(
    `INSERT INTO cash_matches (shape, matched_by, matched_at, difference_minor, note) VALUES (?, ?, ?, ?, ?)
     RETURNING id`,
  );
  const linkDeposit = db.prepare('INSERT INTO cash_match_deposits (match_id, deposit_id) VALUES (?, ?)');
  const linkBatch = db.prepare('INSERT INTO cash_match_batches (match_id, batch_id) VALUES (?, ?)');
  const resolve = db.prepare(
    `UPDATE cash_exceptions SET resolved_at = ? WHERE subject_type = ? AND subject_id = ? AND resolved_at IS NULL`,
  );
  const open = db.prepare(
    `INSERT INTO cash_exceptions (subject_type, subject_id, since, amount_minor, currency, reason, opened_at)
     VALUES (@subjectType, @subjectId, @since, @amountMinor, @currency, @reason, @now)
     ON CONFLICT (subject_type, subject_id) DO UPDATE SET reason = excluded.reason, resolved_at = NULL`,
  );
  const openList = db.prepare<[string, string], CashException>(
    `SELECT id, subject_type AS subjectType, subject_id AS subjectId, since,
       CAST(julianday(?) - julianday(since) AS INTEGER) AS ageDays, amount_minor AS amountMinor, currency, reason,
       owner, note, follow_up AS followUp
     FROM cash_exceptions WHERE resolved_at IS NULL AND since <= ? ORDER BY since, id`,
  );
  const assign = db.prepare(
    `UPDATE cash_exceptions SET owner = @owner, note = coalesce(@note, note), follow_up = coalesce(@followUp, follow_up)
     WHERE id = @id`,
  );
  // A match belongs to a range when any deposit or batch of it does (a split may straddle the range's edge).
  const matchRows = db.prepare<
    { from: string; to: string },
    {
      matchId: number;
      shape: MatchShape;
      differenceMinor: number;
      side: 'deposit' | 'batch';
      subjectId: number;
    }
  >(
    `WITH ids AS (
       SELECT md.match_id AS id FROM cash_match_deposits md JOIN bank_deposits d ON d.id = md.deposit_id
        WHERE d.booking_date BETWEEN @from AND @to
       UNION
       SELECT mb.match_id FROM cash_match_batches mb JOIN funding_batches b ON b.id = mb.batch_id
        WHERE b.funding_date BETWEEN @from AND @to)
     SELECT m.id AS matchId, m.shape, m.difference_minor AS differenceMinor, 'deposit' AS side, md.deposit_id AS subjectId
       FROM cash_matches m JOIN cash_match_deposits md ON md.match_id = m.id WHERE m.id IN (SELECT id FROM ids)
     UNION ALL
     SELECT m.id, m.shape, m.difference_minor, 'batch', mb.batch_id
       FROM cash_matches m JOIN cash_match_batches mb ON mb.match_id = m.id WHERE m.id IN (SELECT id FROM ids)
     ORDER BY 1`,
  );

  return {
    unmatchedDeposits: (from: string, to: string): BankDeposit[] => unmatchedDeposits.all(from, to),
    unmatchedBatches: (from: string, to: string): FundingBatch[] => unmatchedBatches.all(from, to),
    /** Ties deposits to batches and closes their exceptions; call inside a transaction. */
    recordMatch(match: NewCashMatch, now: number): number {
      const row = insertMatch.get(
        match.shape,
        match.matchedBy,
        now,
        match.differenceMinor,
        match.note ?? null,
      );
      if (!row) throw new Error('cash match insert returned no id');
      for (const id of match.depositIds) {
        linkDeposit.run(row.id, id);
        resolve.run(now, 'deposit', id);
      }
      for (const id of match.batchIds) {
        linkBatch.run(row.id, id);
        resolve.run(now, 'batch', id);
      }
      return row.id;
    },
    openException(
      subject: {
        subjectType: CashSubject;
        subjectId: number;
        since: string;
        amountMinor: number;
        currency: string;
      },
      reason: string,
      now: number,
    ): void {
      open.run({ ...subject, reason, now });
    },
    /** Open exceptions as of a day (YYYY-MM-DD), oldest first, each aged in whole days. */
    openExceptions: (asOf: string): CashException[] => openList.all(asOf, asOf),
    assign(id: number, owner: string, details: { note?: string; followUp?: string } = {}): boolean {
      return (
        assign.run({ id, owner, note: details.note ?? null, followUp: details.followUp ?? null }).changes ===
        1
      );
    },
    /** Every match touching a deposit or batch of the range, with both sides' ids. */
    matchesBetween(from: string, to: string): MatchedPair[] {
      const byId = new Map<number, MatchedPair>();
      for (const row of matchRows.all({ from, to })) {
        let pair = byId.get(row.matchId);
        if (!pair) {
          pair = {
            matchId: row.matchId,
            shape: row.shape,
            differenceMinor: row.differenceMinor,
            depositIds: [],
            batchIds: [],
          };
          byId.set(row.matchId, pair);
        }
        (row.side === 'deposit' ? pair.depositIds : pair.batchIds).push(row.subjectId);
      }
      return [...byId.values()];
    },
  };
}
