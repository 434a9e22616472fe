import type { Database } from 'better-sqlite3';
import { voidedSql } from './cash-voided';

/** A funding item of a batch funded in the range, with the payment event it funds (if Clearpost has it). */
export interface FundedRow {
  readonly batchRowId: number;
  readonly merchantId: string;
  readonly fundingDate: string;
  readonly requestId: string;
  readonly kind: 'purchase' | 'refund' | 'chargeback' | 'chargeback_reversal';
  readonly transactionType: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly totalFeeMinor: number;
  readonly fundingMinor: number;
  readonly eventId: number | null;
  readonly eventAmountMinor: number | null;
  readonly eventCurrency: string | null;
  /** The payment's facility (a chargeback's: its original payment's); null when Clearpost has no payment. */
  readonly facility: string | null;
  readonly postingStatus: string | null;
  /**
   * A withdrawal's (chargeback, eCheck return) reversal event in the EHR, when Clearpost made one; for money a
   * won case gave back, the payment re-posted for it.
   */
  readonly reversalEventId: number | null;
  readonly reversalAmountMinor: number | null;
  readonly reversalPostingStatus: string | null;
}

/** A processor payment or refund of the range that no funding item names. */
export interface UnfundedRow {
  readonly eventId: number;
  readonly processorTxnId: string;
  readonly kind: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly facility: string;
  readonly transactionAt: number;
  readonly postingStatus: string | null;
}

const PAYMENT_KINDS = `('one_time_payment', 'payment_plan')`;
const REVERSAL_KINDS = `('refund')`;

/**
 * The reads behind the four-way cash balance (reconciliation/cash/cash-balance.ts). Events held as late for a
 * closed period (late_events) are left out of every leg: the closed figures stay those that were signed. Once
 * released, a late event counts in the open month by its release time (reconciliation/close/late-release.ts).
 */
export function cashBalanceRepository(db: Database) {
  const funded = db.prepare<[string, string], FundedRow>(
    `SELECT b.id AS batchRowId, b.merchant_id AS merchantId, b.funding_date AS fundingDate, fi.request_id AS requestId,
       fi.kind, fi.transaction_type AS transactionType, fi.currency, fi.amount_minor AS amountMinor,
       fi.total_fee_minor AS totalFeeMinor, fi.funding_minor AS fundingMinor, e.id AS eventId,
       e.amount_minor AS eventAmountMinor, e.currency AS eventCurrency,
       coalesce(e.facility, (SELECT o.facility FROM payment_events o WHERE o.processor_txn_id = fi.request_id
         AND o.kind IN ${PAYMENT_KINDS} ORDER BY o.id LIMIT 1)) AS facility,
       p.status AS postingStatus,
       rv.id AS reversalEventId, rv.amount_minor AS reversalAmountMinor, rp.status AS reversalPostingStatus
     FROM funding_batches b
     JOIN funding_items fi ON fi.merchant_id = b.merchant_id AND fi.batch_id = b.batch_id AND fi.currency = b.currency
     LEFT JOIN payment_events e ON e.processor_txn_id = fi.request_id
       AND ((fi.kind = 'purchase' AND e.kind IN ${PAYMENT_KINDS}) OR (fi.kind = 'refund' AND e.kind IN ${REVERSAL_KINDS}))
       AND NOT EXISTS (SELECT 1 FROM late_events l WHERE l.event_id = e.id AND l.released_at IS NULL)
     LEFT JOIN postings p ON p.event_id = e.id
     -- A withdrawal's reversal: the one made for the chargeback (or the return) of the same payment; money a
     -- won case gave back: the payment re-posted for it.
     LEFT JOIN payment_events rv ON (fi.kind = 'chargeback' AND rv.id = coalesce(
       (SELECT c.reversal_event_id FROM chargebacks c
          WHERE c.request_id = fi.request_id AND c.reversal_event_id IS NOT NULL ORDER BY c.id LIMIT 1),
       (SELECT r.reversal_event_id FROM echeck_returns r
          WHERE r.request_id = fi.request_id AND r.reversal_event_id IS NOT NULL ORDER BY r.id LIMIT 1)))
       OR (fi.kind = 'chargeback_reversal' AND rv.id = (SELECT c.repost_event_id FROM chargebacks c
          WHERE c.request_id = fi.request_id AND c.repost_event_id IS NOT NULL ORDER BY c.id LIMIT 1))
     LEFT JOIN postings rp ON rp.event_id = rv.id
     WHERE b.funding_date BETWEEN ? AND ?
     ORDER BY b.id, fi.id`,
  );
  // Card and eCheck money moves through the processor; cash and checks entered by hand never do. A payment
  // voided before settlement is never funded, and neither is a declined one.
  const unfundedWhere = `e.kind IN ('one_time_payment', 'payment_plan', 'refund')
       AND e.tender IN ('card', 'echeck') AND e.source <> 'manual'
       -- A chargeback's or a return's reversal is balanced with the withdrawal it answers, not as a refund; a
       -- won case's re-posted payment with the money the case gave back, not as a payment of its own.
       AND json_extract(e.extras, '$.reversal') IS NULL AND json_extract(e.extras, '$.represented') IS NULL
       AND coalesce(p.status, '') <> 'declined'
       AND NOT ${voidedSql('e')}
       AND NOT EXISTS (SELECT 1 FROM funding_items fi WHERE fi.request_id = e.processor_txn_id)`;
  // A late event released into the open month counts from its release: `transactionAt` is then the release
  // time, so the balance dates it (and gives its funding time to come) in the open month.
  const unfunded = db.prepare<[{ start: number; end: number }], UnfundedRow>(
    `SELECT e.id AS eventId, e.processor_txn_id AS processorTxnId, e.kind, e.amount_minor AS amountMinor, e.currency,
       e.facility, e.transaction_at AS transactionAt, p.status AS postingStatus
     FROM payment_events e LEFT JOIN postings p ON p.event_id = e.id
     WHERE e.transaction_at >= @start AND e.transaction_at < @end AND ${unfundedWhere}
       AND NOT EXISTS (SELECT 1 FROM late_events l WHERE l.event_id = e.id)
     UNION ALL
     SELECT e.id, e.processor_txn_id, e.kind, e.amount_minor, e.currency, e.facility, l.released_at, p.status
     FROM late_events l JOIN payment_events e ON e.id = l.event_id LEFT JOIN postings p ON p.event_id = e.id
     WHERE l.released_at >= @start AND l.released_at < @end AND ${unfundedWhere}
     ORDER BY transactionAt, eventId`,
  );
  return {
    fundedBetween: (from: string, to: string): FundedRow[] => funded.all(from, to),
    unfundedBetween: (startMs: number, endMs: number): UnfundedRow[] =>
      unfunded.all({ start: startMs, end: endMs }),
  };
}
