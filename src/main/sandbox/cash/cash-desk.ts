/**
 * The sandbox's money after the card: at each cut-off its processor settles what it took since the last one
 * into one batch per organization (merchant id), funds it with fees, and the bank deposits each batch's net
 * into the hospital's account. A cut-off answers the files a hospital receives for it: Cybersource's Purchase
 * & Refund Details (reconciliation/funding/purchase-refund-details.ts reads it), a BAI2 statement of the
 * deposits, and, when a case was opened or a debit returned, Chargeback Details and an eCheck returns report.
 * Everything is drawn from the processor's own ledger (what it sent), never from Clearpost's database, so the
 * loop is checked against what happened.
 *
 * The first cut-off also plants what a new user should meet on the first day: one chargeback (the largest
 * card payment of the cut-off, charged back the same day: the sandbox compresses weeks into a day), one
 * eCheck return (the largest eCheck payment, returned by the patient's bank for insufficient funds, R01) and
 * one deposit that does not match its batch (the bank kept a wire fee), for a person to match by hand. A
 * first cut-off without an eCheck payment leaves the return to the first one that has one.
 *
 * SANDBOX ASSUMPTIONS: a batch is funded and deposited on its cut-off's own day (same-day funding), so a new
 * user sees deposits on the first day; the payment-plan service fee is the payment vendor's, funded to its
 * own merchant account, so the hospital's funding is the payment amount.
 */
import type { IsoDate } from '../../../shared/domain';
import { formatMinor } from '../../../shared/money';
import { addDays } from '../../lib/time-zone';
import type { SentPayment } from '../cybersource/processor-ledger';
import { writeBai2, type Bai2Entry } from './bai2-writer';
import { sandboxFees } from './sandbox-fees';

/** The deposit the bank shorts on the first cut-off: a wire fee it kept back (cents). */
export const SANDBOX_BANK_FEE_MINOR = 1_500;
/** The hospital's operating account at the sandbox bank (only its last four digits are ever stored). */
export const SANDBOX_ACCOUNT = '000044556677';

type Kind = 'purchase' | 'refund' | 'chargeback' | 'return';

export interface SandboxFundingRow {
  readonly requestId: string;
  readonly organizationId: string;
  readonly merchantRef: string | null;
  readonly kind: Kind;
  readonly tender: string;
  /** Signed: a purchase positive, a refund, chargeback or return negative. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly batchId: string;
}

export interface SandboxCashDay {
  readonly day: IsoDate;
  readonly sequence: number;
  readonly funding: readonly SandboxFundingRow[];
  /** Files, by the name they would be saved under. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
  readonly batches: readonly {
    readonly batchId: string;
    readonly organizationId: string;
    readonly netMinor: number;
  }[];
  readonly chargebacks: number;
  /** eCheck returns this cut-off planted. */
  readonly returns: number;
  /** Batch whose deposit the bank shorted, if this cut-off planted it. */
  readonly shortBatchId: string | null;
}

export interface SandboxCashDesk {
  /** Settles what the processor sent before `until` and not settled yet, as the cut-off of `day`. */
  cutOff(day: IsoDate, until: number): SandboxCashDay | null;
}

const FUNDED_KINDS = new Set(['one_time_payment', 'payment_plan', 'refund']);

export function createSandboxCashDesk(ledger: { all(): readonly SentPayment[] }): SandboxCashDesk {
  const settled = new Set<string>();
  let sequence = 0;
  let planted = false;
  let returnPlanted = false;

  return {
    cutOff(day, until) {
      const sent = ledger.all().filter((s) => s.payment.event.transactionAt < until);
      const voided = new Set(
        sent.filter((s) => s.payment.event.kind === 'void').map((s) => s.payment.originalProcessorTxnId),
      );
      const due = sent.filter((s) => {
        const { event, workflow } = s.payment;
        const id = `${event.processorTxnId}:${event.kind}`;
        if (settled.has(id)) return false;
        // Card and eCheck money moves through the processor; a voided payment never settles.
        return (
          workflow === 'api' &&
          FUNDED_KINDS.has(event.kind) &&
          (event.tender === 'card' || event.tender === 'echeck') &&
          !voided.has(event.processorTxnId)
        );
      });
      if (due.length === 0) return null;
      sequence += 1;
      const batchOf = (org: string) =>
        `${day.replaceAll('-', '')}${String(sequence).padStart(2, '0')}-${org.replace(/^clearpost_sandbox_/, '')}`;
      const funding: SandboxFundingRow[] = due.map((s) => {
        settled.add(`${s.payment.event.processorTxnId}:${s.payment.event.kind}`);
        const { event } = s.payment;
        const kind: Kind = event.kind === 'refund' ? 'refund' : 'purchase';
        return {
          requestId: event.processorTxnId,
          organizationId: s.organizationId,
          merchantRef: event.merchantRef ?? null,
          kind,
          tender: event.tender,
          amountMinor: kind === 'refund' ? -event.amountMinor : event.amountMinor,
          currency: event.currency,
          batchId: batchOf(s.organizationId),
        };
      });
      let chargeback: SandboxFundingRow | null = null;
      if (!planted) {
        const largest = funding
          .filter((f) => f.kind === 'purchase' && f.tender === 'card')
          .sort((a, b) => b.amountMinor - a.amountMinor)[0];
        if (largest) {
          chargeback = { ...largest, kind: 'chargeback', amountMinor: -largest.amountMinor };
          funding.push(chargeback);
        }
      }
      let returned: SandboxFundingRow | null = null;
      if (!returnPlanted) {
        const largest = funding
          .filter((f) => f.kind === 'purchase' && f.tender === 'echeck')
          .sort((a, b) => b.amountMinor - a.amountMinor)[0];
        if (largest) {
          returned = { ...largest, kind: 'return', amountMinor: -largest.amountMinor };
          funding.push(returned);
          returnPlanted = true;
        }
      }
      const nets = new Map<string, { organizationId: string; net: number }>();
      for (const f of funding) {
        const fee = sandboxFees(f.kind, f.tender, f.amountMinor).totalMinor;
        const seen = nets.get(f.batchId) ?? { organizationId: f.organizationId, net: 0 };
        nets.set(f.batchId, { ...seen, net: seen.net + f.amountMinor - fee });
      }
      const batches = [...nets.entries()]
        .map(([batchId, b]) => ({ batchId, organizationId: b.organizationId, netMinor: b.net }))
        .sort((a, b) => a.batchId.localeCompare(b.batchId));
      // The bank keeps a wire fee from the largest deposit of the first cut-off: it no longer matches its batch.
      const shortBatch = planted
        ? null
        : ([...batches]
            .sort((a, b) => b.netMinor - a.netMinor)
            .find((b) => b.netMinor > SANDBOX_BANK_FEE_MINOR) ?? null);
      planted = true;
      const entries: Bai2Entry[] = batches
        .filter((b) => b.netMinor !== 0)
        .map((b) => {
          const short = b.batchId === shortBatch?.batchId;
          return {
            amountMinor: short ? b.netMinor - SANDBOX_BANK_FEE_MINOR : b.netMinor,
            bankReference: `SBX${b.batchId.slice(0, 10)}${String(batches.indexOf(b)).padStart(3, '0')}`,
            customerReference: b.batchId,
            text: short ? 'CYBERSOURCE DEPOSIT LESS WIRE FEE' : 'CYBERSOURCE DEPOSIT',
          };
        });
      const stem = `${day}-${String(sequence).padStart(2, '0')}`;
      // A document lists a request id once, so the chargeback (the same id as its purchase) has its own.
      const details = (rows: readonly SandboxFundingRow[]) =>
        `${JSON.stringify(purchaseRefundDetails(rows, day), null, 2)}\n`;
      const files = [
        {
          name: `purchase-refund-details-${stem}.json`,
          text: details(funding.filter((f) => f !== chargeback && f !== returned)),
        },
        ...(chargeback
          ? [
              { name: `chargeback-funding-${stem}.json`, text: details([chargeback]) },
              { name: `chargeback-details-${stem}.csv`, text: chargebackDetails(chargeback, day) },
            ]
          : []),
        ...(returned
          ? [
              { name: `echeck-return-funding-${stem}.json`, text: details([returned]) },
              { name: `echeck-returns-${stem}.csv`, text: echeckReturns(returned, day) },
            ]
          : []),
        ...(entries.length > 0
          ? [
              {
                name: `bank-${stem}.bai2`,
                text: writeBai2({
                  fileId: `${day.replaceAll('-', '').slice(2)}${String(sequence).padStart(2, '0')}`,
                  asOf: day,
                  createdOn: addDays(day, 1),
                  accountNumber: SANDBOX_ACCOUNT,
                  entries,
                }),
              },
            ]
          : []),
      ];
      return {
        day,
        sequence,
        funding,
        files,
        batches,
        chargebacks: chargeback ? 1 : 0,
        returns: returned ? 1 : 0,
        shortBatchId: shortBatch?.batchId ?? null,
      };
    },
  };
}

/** The settlement's transaction type as the importer reads it (purchase-refund-details.ts, kindOf). */
const TRANSACTION_TYPE: Readonly<Record<Kind, string>> = {
  purchase: 'ics_bill',
  refund: 'ics_credit',
  chargeback: 'chargeback',
  return: 'echeck return',
};

/**
 * Purchase & Refund Details as the Reporting REST API answers it ("Reporting API: Purchase and Refund
 * Details", developer.cybersource.com): parallel lists keyed by requestId. The settlement time dates the
 * funding (the importer's rule), so it is written on the cut-off's day.
 */
function purchaseRefundDetails(rows: readonly SandboxFundingRow[], day: IsoDate) {
  const money = (minor: number, currency: string) => formatMinor(minor, currency);
  const time = `${day}T20:00:00Z`;
  return {
    offset: 0,
    limit: 2000,
    pageResults: rows.length,
    requestDetails: rows.map((r) => ({
      requestId: r.requestId,
      cybersourceMerchantId: r.organizationId,
      merchantReferenceNumber: r.merchantRef,
    })),
    settlements: rows.map((r) => ({
      requestId: r.requestId,
      transactionType: TRANSACTION_TYPE[r.kind],
      amount: money(Math.abs(r.amountMinor), r.currency),
      currencyCode: r.currency,
      paymentMethod: r.tender === 'echeck' ? 'ECP' : 'VI',
      cybersourceBatchTime: time,
      cybersourceBatchId: r.batchId,
    })),
    feeAndFundingDetails: rows.map((r) => {
      const fee = sandboxFees(r.kind, r.tender, Math.abs(r.amountMinor));
      return {
        requestId: r.requestId,
        interchangePercentageAmount: money(fee.interchangeMinor, r.currency),
        discountAmount: money(fee.discountMinor, r.currency),
        duesAssessments: money(fee.duesAssessmentsMinor, r.currency),
        totalFee: money(fee.totalMinor, r.currency),
        feeCurrency: r.currency,
        fundingAmount: money(r.amountMinor - fee.totalMinor, r.currency),
        fundingCurrency: r.currency,
      };
    }),
    settlementStatuses: rows.map((r) => ({
      requestId: r.requestId,
      status: 'SETTLED',
      settlementTime: time,
    })),
  };
}

/**
 * Chargeback Details (the Business Center report's columns, reconciliation/funding/chargeback-details.ts).
 * Reason 10.4 is Visa's "Other Fraud: Card-Absent Environment"; the response is due in 20 days (ASSUMPTION:
 * acquirers give merchants less than the card brand's 30).
 */
function chargebackDetails(row: SandboxFundingRow, day: IsoDate): string {
  const header =
    'RequestId,MerchantReferenceNumber,CaseNumber,CBAmount,CBSign,CBAction,CBReasonCode,OriginalSettlementDate,CBDate,ResponseDueDate,CBCurrency';
  const line = [
    row.requestId,
    row.merchantRef ?? '',
    `CB-SBX-${row.requestId.slice(-6)}`,
    formatMinor(Math.abs(row.amountMinor), row.currency),
    '-',
    'First Chargeback',
    '10.4',
    day,
    day,
    addDays(day, 20),
    row.currency,
  ].join(',');
  return `Chargeback Details Report,${day} to ${day}\n${header}\n${line}\n`;
}

/**
 * An eCheck returns report (the Payment Events Report's columns, reconciliation/funding/echeck-returns.ts):
 * the patient's bank returned the debit for insufficient funds, Nacha return code R01.
 */
function echeckReturns(row: SandboxFundingRow, day: IsoDate): string {
  const header =
    'RequestID,MerchantReferenceNumber,PaymentType,Event,EventDate,Amount,CurrencyCode,ProcessorMessage';
  const line = [
    row.requestId,
    row.merchantRef ?? '',
    'check',
    'Return',
    day,
    formatMinor(row.amountMinor, row.currency),
    row.currency,
    'R01 Insufficient funds',
  ].join(',');
  return `Payment Events Report,${day} to ${day},${row.organizationId}\n${header}\n${line}\n`;
}
