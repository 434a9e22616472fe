import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain';

/**
 * A processor transaction as funded (reconciliation/funding/funding-item.ts says what each field means); the
 * one declaration of a funding item.
 */
export interface FundingItemRow {
  readonly merchantId: string;
  readonly requestId: string;
  /** `chargeback_reversal`: money a won case gives back to the merchant (positive, like a purchase). */
  readonly kind: 'purchase' | 'refund' | 'chargeback' | 'chargeback_reversal';
  readonly transactionType: string;
  readonly batchId: string;
  readonly fundingDate: IsoDate;
  readonly currency: string;
  readonly amountMinor: number;
  readonly interchangeMinor: number;
  readonly discountMinor: number;
  readonly duesAssessmentsMinor: number;
  readonly totalFeeMinor: number;
  readonly fundingMinor: number;
  readonly settlementStatus: string | null;
  readonly settlementTime: string | null;
}

export interface FundingBatch {
  readonly id: number;
  readonly merchantId: string;
  readonly batchId: string;
  readonly currency: string;
  readonly fundingDate: string;
  readonly items: number;
  readonly purchasesMinor: number;
  readonly refundsMinor: number;
  readonly chargebacksMinor: number;
  readonly feesMinor: number;
  readonly netMinor: number;
}

export interface NetFundingRow {
  readonly merchantId: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly currency: string;
  readonly purchasesMinor: number;
  readonly refundsMinor: number;
  readonly feesMinor: number;
  readonly chargebacksMinor: number;
  readonly netMinor: number;
}

const ITEM_COLUMNS = `merchant_id AS merchantId, request_id AS requestId, kind, transaction_type AS transactionType,
  batch_id AS batchId, funding_date AS fundingDate, currency, amount_minor AS amountMinor,
  interchange_minor AS interchangeMinor, discount_minor AS discountMinor,
  dues_assessments_minor AS duesAssessmentsMinor, total_fee_minor AS totalFeeMinor, funding_minor AS fundingMinor,
  settlement_status AS settlementStatus, settlement_time AS settlementTime`;

const BATCH_COLUMNS = `id, merchant_id AS merchantId, batch_id AS batchId, currency, funding_date AS fundingDate, items,
  purchases_minor AS purchasesMinor, refunds_minor AS refundsMinor, chargebacks_minor AS chargebacksMinor,
  fees_minor AS feesMinor, net_minor AS netMinor`;

/** Processor funding: items per transaction, the batches they total to, and Net Funding period totals. */
export function fundingRepository(db: Database) {
  const upsertItem = db.prepare(
    `INSERT INTO funding_items (file_id, merchant_id, request_id, kind, transaction_type, batch_id, funding_date,
       currency, amount_minor, interchange_minor, discount_minor, dues_assessments_minor, total_fee_minor,
       funding_minor, settlement_status, settlement_time, imported_at)
     VALUES (@fileId, @merchantId, @requestId, @kind, @transactionType, @batchId, @fundingDate, @currency,
       @amountMinor, @interchangeMinor, @discountMinor, @duesAssessmentsMinor, @totalFeeMinor, @fundingMinor,
       @settlementStatus, @settlementTime, @now)
     ON CONFLICT (request_id, kind) DO UPDATE SET
       file_id = excluded.file_id, merchant_id = excluded.merchant_id, transaction_type = excluded.transaction_type,
       batch_id = excluded.batch_id, funding_date = excluded.funding_date, currency = excluded.currency,
       amount_minor = excluded.amount_minor, interchange_minor = excluded.interchange_minor,
       discount_minor = excluded.discount_minor, dues_assessments_minor = excluded.dues_assessments_minor,
       total_fee_minor = excluded.total_fee_minor, funding_minor = excluded.funding_minor,
       settlement_status = excluded.settlement_status, settlement_time = excluded.settlement_time`,
  );
  // A batch is re-totalled from all its items: the rows of one batch may come in several files.
  const retotal = db.prepare(
    `INSERT INTO funding_batches (merchant_id, batch_id, currency, funding_date, items, purchases_minor,
       refunds_minor, chargebacks_minor, fees_minor, net_minor)
     SELECT merchant_id, batch_id, currency, max(funding_date), count(*),
       coalesce(sum(CASE WHEN kind = 'purchase' THEN amount_minor END), 0),
       coalesce(sum(CASE WHEN kind = 'refund' THEN -amount_minor END), 0),
       -- Chargebacks net of what won cases gave back.
       coalesce(sum(CASE WHEN kind IN ('chargeback', 'chargeback_reversal') THEN -amount_minor END), 0),
       coalesce(sum(total_fee_minor), 0), coalesce(sum(funding_minor), 0)
     FROM funding_items WHERE merchant_id = ? AND batch_id = ? AND currency = ?
     GROUP BY merchant_id, batch_id, currency
     ON CONFLICT (merchant_id, batch_id, currency) DO UPDATE SET
       funding_date = excluded.funding_date, items = excluded.items, purchases_minor = excluded.purchases_minor,
       refunds_minor = excluded.refunds_minor, chargebacks_minor = excluded.chargebacks_minor,
       fees_minor = excluded.fees_minor, net_minor = excluded.net_minor`,
  );
  const upsertNet = db.prepare(
    `INSERT INTO net_funding_totals (file_id, merchant_id, start_time, end_time, currency, purchases_minor,
       refunds_minor, fees_minor, chargebacks_minor, net_minor, imported_at)
     VALUES (@fileId, @merchantId, @startTime, @endTime, @currency, @purchasesMinor, @refundsMinor, @feesMinor,
       @chargebacksMinor, @netMinor, @now)
     ON CONFLICT (merchant_id, start_time, end_time, currency) DO UPDATE SET
       file_id = excluded.file_id, purchases_minor = excluded.purchases_minor, refunds_minor = excluded.refunds_minor,
       fees_minor = excluded.fees_minor, chargebacks_minor = excluded.chargebacks_minor, net_minor = excluded.net_minor`,
  );
  const itemOf = db.prepare<[string], FundingItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM funding_items WHERE request_id = ? ORDER BY kind`,
  );
  const itemsBetween = db.prepare<[string, string], FundingItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM funding_items WHERE funding_date BETWEEN ? AND ? ORDER BY id`,
  );
  const batchesBetween = db.prepare<[string, string], FundingBatch>(
    `SELECT ${BATCH_COLUMNS} FROM funding_batches WHERE funding_date BETWEEN ? AND ? ORDER BY funding_date, id`,
  );
  const batchById = db.prepare<[number], FundingBatch>(
    `SELECT ${BATCH_COLUMNS} FROM funding_batches WHERE id = ?`,
  );
  const netBetween = db.prepare<[string, string], NetFundingRow>(
    `SELECT merchant_id AS merchantId, start_time AS startTime, end_time AS endTime, currency,
       purchases_minor AS purchasesMinor, refunds_minor AS refundsMinor, fees_minor AS feesMinor,
       chargebacks_minor AS chargebacksMinor, net_minor AS netMinor
     FROM net_funding_totals WHERE substr(start_time, 1, 10) >= ? AND substr(end_time, 1, 10) <= ?
     ORDER BY start_time`,
  );

  return {
    /** Stores items (a repeated item replaces its earlier row) and re-totals their batches; call in a transaction. */
    recordItems(items: readonly FundingItemRow[], fileId: number | null, now: number): number {
      const batches = new Map<string, [string, string, string]>();
      for (const item of items) {
        upsertItem.run({ ...item, fileId, now });
        batches.set(JSON.stringify([item.merchantId, item.batchId, item.currency]), [
          item.merchantId,
          item.batchId,
          item.currency,
        ]);
      }
      for (const key of batches.values()) retotal.run(...key);
      return items.length;
    },
    recordNetFunding(totals: readonly NetFundingRow[], fileId: number | null, now: number): void {
      for (const total of totals) upsertNet.run({ ...total, fileId, now });
    },
    /** A payment's funding: its batch, funding date, fees and net (a chargeback is a second row). */
    ofPayment: (processorTxnId: string): FundingItemRow[] => itemOf.all(processorTxnId),
    itemsBetween: (from: string, to: string): FundingItemRow[] => itemsBetween.all(from, to),
    batchesBetween: (from: string, to: string): FundingBatch[] => batchesBetween.all(from, to),
    batch: (id: number): FundingBatch | undefined => batchById.get(id),
    netFundingBetween: (from: string, to: string): NetFundingRow[] => netBetween.all(from, to),
  };
}
