/** Columns of the reconciliation file and the payments detail report (one list each, shared by CSV and XLSX). */
import { STATUS_INFO } from '../../shared/domain';
import { signedMinor } from '../../shared/signed-money';
import type { ControlTotal } from './control-totals';
import type { Column, ReportTable } from './report-table';
import type { ReportTransaction } from '../store/repositories/report-transactions';
import { zonedTime, type ZonedTime } from '../lib/time-zone';

type Tx = ReportTransaction;
const text = (header: string, value: (row: Tx) => string | null): Column<Tx> => ({
  header,
  type: 'text',
  value,
});

/** Whether a person, not the API, put this payment in the EHR (or will). */
export function isManual(row: Tx): boolean {
  return row.source === 'manual' || row.status === 'will_not_be_sent' || row.status === 'manually_posted';
}

/** One fast local-time formatter per zone for the columns of one report. */
function clocks(zoneOf: (facility: string) => string): (row: Tx) => ZonedTime {
  const byZone = new Map<string, ZonedTime>();
  return (row) => {
    const zone = zoneOf(row.facility);
    let clock = byZone.get(zone);
    if (!clock) byZone.set(zone, (clock = zonedTime(zone)));
    return clock;
  };
}

/** Signed: payments positive, refunds and voids negative, so the column sums to the money moved. */
const amount: Column<Tx> = {
  header: 'Amount',
  type: 'money',
  value: (r) => signedMinor(r.kind, r.amountMinor),
};

function statusLabel(row: Tx): string {
  return row.status ? STATUS_INFO[row.status].label : 'Awaiting routing';
}

export function reconColumns(zoneOf: (facility: string) => string): Column<Tx>[] {
  const clock = clocks(zoneOf);
  return [
    text('Facility', (r) => r.facility),
    text('Business date', (r) => clock(r).date(r.transactionAt)),
    text('Transaction time', (r) => clock(r).timestamp(r.transactionAt)),
    text('Transaction ID', (r) => r.processorTxnId),
    text('Type', (r) => r.kind),
    text('Method', (r) => r.tender),
    amount,
    text('Currency', (r) => r.currency),
    text('Status', statusLabel),
    text('Reason code', (r) => r.reasonCode),
    text('Reason', (r) => r.reason),
    text('Next step', (r) => r.nextStep),
    text('EHR', (r) => r.ehr),
    text('Guarantor account', (r) => r.guarantorAccount),
    text('Encounter', (r) => r.encounterId),
    text('Merchant reference', (r) => r.merchantRef),
    text('Effective date', (r) => r.effectiveDate),
    text('Funding date', (r) => r.fundingDate),
    { header: 'Attempts', type: 'integer', value: (r) => r.attempts },
    { header: 'Posting ID', type: 'integer', value: (r) => r.postingId },
  ];
}

export function detailColumns(zoneOf: (facility: string) => string): Column<Tx>[] {
  const clock = clocks(zoneOf);
  return [
    text('Facility', (r) => r.facility),
    text('Department', (r) => r.department),
    text('Method', (r) => r.tender),
    text('Card brand', (r) => r.cardBrand),
    text('Card last 4', (r) => r.cardLast4),
    text('Type', (r) => r.kind),
    text('Transaction time', (r) => clock(r).timestamp(r.transactionAt)),
    amount,
    { header: 'Service fee', type: 'money', value: (r) => r.serviceFeeMinor },
    text('Currency', (r) => r.currency),
    text('Transaction ID', (r) => r.processorTxnId),
    text('Guarantor account', (r) => r.guarantorAccount),
    text('Encounter', (r) => r.encounterId),
    text('User', (r) => r.enteredBy),
    text('Manual', (r) => (isManual(r) ? 'Y' : 'N')),
    text('Status', statusLabel),
    text('Reason code', (r) => r.reasonCode),
    text('EHR reference', (r) => r.ehrReference),
    text('EHR', (r) => r.ehr),
    { header: 'Posting ID', type: 'integer', value: (r) => r.postingId },
  ];
}

export function totalsTable(totals: readonly ControlTotal[]): ReportTable<ControlTotal> {
  return {
    sheet: 'Control totals',
    currencyOf: (t) => t.currency,
    rows: totals,
    columns: [
      { header: 'Dimension', type: 'text', value: (t) => t.dimension },
      { header: 'Value', type: 'text', value: (t) => t.value },
      { header: 'Currency', type: 'text', value: (t) => t.currency },
      { header: 'Count', type: 'integer', value: (t) => t.count },
      { header: 'Gross amount', type: 'money', value: (t) => t.grossMinor },
      { header: 'Net amount', type: 'money', value: (t) => t.amountMinor },
    ],
  };
}
