/**
 * A BAI2 file of one day's deposits into one bank account, as a bank sends it the next morning: file header
 * (01), one group (02) for the as-of day, one account (03) with its transaction details (16), and the
 * account, group and file trailers (49, 98, 99) with their control totals and record counts. Amounts are
 * whole cents without a decimal point; a control total is the sum of the amounts below it as written
 * (unsigned), a record count includes the header and the trailer. Source: "Cash Management Balance Reporting
 * Specifications Version 2" (BAI), the same the importer checks (reconciliation/bank/bai2-parse.ts).
 */
import type { IsoDate } from '../../../shared/domain';

export interface Bai2Entry {
  /** Signed cents: a credit positive (type 165, preauthorized ACH credit), a debit negative (455, ACH debit). */
  readonly amountMinor: number;
  readonly bankReference: string;
  readonly customerReference: string;
  readonly text: string;
}

export interface Bai2File {
  readonly fileId: string;
  readonly asOf: IsoDate;
  /** When the bank made the file (the morning after, usually). */
  readonly createdOn: IsoDate;
  readonly accountNumber: string;
  readonly entries: readonly Bai2Entry[];
}

export const SANDBOX_BANK = '021000021';
export const SANDBOX_BANK_CUSTOMER = 'CLEARPOSTSANDBOX';

const yymmdd = (date: IsoDate) => date.slice(2).replaceAll('-', '');

export function writeBai2(file: Bai2File): string {
  const details = file.entries.map(
    (e) =>
      `16,${e.amountMinor >= 0 ? '165' : '455'},${String(Math.abs(e.amountMinor))},0,${e.bankReference},${e.customerReference},${e.text}/`,
  );
  const total = file.entries.reduce((s, e) => s + BigInt(Math.abs(e.amountMinor)), 0n);
  const account = [`03,${file.accountNumber},USD/`, ...details];
  account.push(`49,${String(total)},${String(account.length + 1)}/`);
  const group = [
    `02,${SANDBOX_BANK_CUSTOMER},${SANDBOX_BANK},1,${yymmdd(file.asOf)},2400,USD,2/`,
    ...account,
  ];
  group.push(`98,${String(total)},1,${String(group.length + 1)}/`);
  const lines = [
    `01,${SANDBOX_BANK},${SANDBOX_BANK_CUSTOMER},${yymmdd(file.createdOn)},0630,${file.fileId},80,,2/`,
    ...group,
  ];
  lines.push(`99,${String(total)},1,${String(lines.length + 1)}/`);
  return `${lines.join('\n')}\n`;
}
