/**
 * The cash balance as report tables, written alike to CSV and XLSX (report-table.ts): the breakdown per
 * facility, merchant account and day, the same rolled up over the range, the variances and the open cash
 * exceptions. Money columns are decimals in the row's currency, so a spreadsheet sums them.
 */
import {
  CASH_LINES,
  CASH_LINE_LABEL,
  type CashBreakdownRow,
  type CashExceptionView,
  type UnpostedCashView,
} from '../../../shared/commands/cash';
import type { Column, ReportTable } from '../report-table';
import { CASH_CAUSE_LABEL, UNEXPLAINED_CASH_CAUSES, type CashVariance } from './cash-variance';

/** The breakdown's "no facility": money no payment attributes (cash-lines.ts). */
export const UNATTRIBUTED = 'unattributed';

const text = <Row>(header: string, value: (row: Row) => string | null): Column<Row> => ({
  header,
  type: 'text',
  value,
});
const money = <Row>(header: string, value: (row: Row) => number): Column<Row> => ({
  header,
  type: 'money',
  value,
});
const integer = <Row>(header: string, value: (row: Row) => number): Column<Row> => ({
  header,
  type: 'integer',
  value,
});

export function breakdownTable(
  sheet: string,
  rows: readonly CashBreakdownRow[],
): ReportTable<CashBreakdownRow> {
  const columns: Column<CashBreakdownRow>[] = [
    text('Funding date', (r) => r.day),
    text('Facility', (r) => r.facility ?? UNATTRIBUTED),
    text('Merchant account', (r) => r.merchantId ?? (r.facility === null ? UNATTRIBUTED : 'not funded yet')),
    text('Currency', (r) => r.currency),
    ...CASH_LINES.map((line) => money<CashBreakdownRow>(CASH_LINE_LABEL[line], (r) => r.lines[line])),
    money('Variance', (r) => r.variances.reduce((s, v) => s + v.amountMinor, 0)),
    integer('Unexplained', (r) => r.unexplained),
    text('Causes', (r) =>
      r.variances.length === 0
        ? null
        : r.variances.map((v) => `${v.causeText}${v.unexplained ? ' (needs a person)' : ''}`).join('; '),
    ),
  ];
  return { sheet, columns, currencyOf: (r) => r.currency, rows };
}

export function variancesTable(rows: readonly CashVariance[]): ReportTable<CashVariance> {
  return {
    sheet: 'Variances',
    columns: [
      text('Between', (v) => v.leg),
      text('Cause', (v) => CASH_CAUSE_LABEL[v.cause]),
      text('Needs a person', (v) => (UNEXPLAINED_CASH_CAUSES.has(v.cause) ? 'yes' : 'no')),
      text('Currency', (v) => v.currency),
      money('Amount', (v) => v.amountMinor),
      text('About', (v) => v.subject),
      text('Date', (v) => v.date),
      text('Detail', (v) => v.detail),
    ],
    currencyOf: (v) => v.currency,
    rows,
  };
}

export function exceptionsTable(rows: readonly CashExceptionView[]): ReportTable<CashExceptionView> {
  return {
    sheet: 'Cash exceptions',
    columns: [
      text('Kind', (e) => e.subjectType),
      integer('Id', (e) => e.subjectId),
      text('Since date', (e) => e.since),
      integer('Age (days)', (e) => e.ageDays),
      text('Currency', (e) => e.currency),
      money('Amount', (e) => e.amountMinor),
      text('Reason', (e) => e.reason),
      text('Owner', (e) => e.owner),
      text('Note', (e) => e.note),
      text('Follow-up date', (e) => e.followUp),
    ],
    currencyOf: (e) => e.currency,
    rows,
  };
}

export function unpostedTable(rows: readonly UnpostedCashView[]): ReportTable<UnpostedCashView> {
  return {
    sheet: 'Unposted cash',
    columns: [
      text('Received date', (u) => u.receivedDate),
      integer('Age (days)', (u) => u.ageDays),
      text('Facility', (u) => u.facility),
      text('Processor id', (u) => u.processorTxnId),
      text('Tender', (u) => u.tender),
      text('Currency', (u) => u.currency),
      money('Amount', (u) => u.amountMinor),
      text('Posting', (u) => u.postingStatus ?? 'not created'),
      text('Owner', (u) => u.owner),
      text('Note', (u) => u.note),
      text('Follow-up date', (u) => u.followUp),
    ],
    currencyOf: (u) => u.currency,
    rows,
  };
}
