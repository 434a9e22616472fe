/**
 * BAI2 bank statement files: file (01) → groups (02) → accounts (03) → transaction details (16), each closed
 * by its trailer (49 account, 98 group, 99 file). Every trailer's control total and record count is checked
 * against what the file actually holds, and any mismatch refuses the whole file naming the line: a bank file
 * that does not add up is never half-imported.
 *
 * Source: "Cash Management Balance Reporting Specifications Version 2", Bank Administration Institute (BAI),
 * the format now maintained by X9 ("BAI2"). Control totals there are the algebraic sum of the amounts the
 * level holds: an account's of its 03 summary and 16 detail amounts, a group's of its 49 totals, the file's of
 * its 98 totals. Record counts include the header, the trailer and every 88 continuation between them.
 * Amounts carry no decimal point: they are in the currency's minor units (cents for USD).
 */
import type { IsoDate } from '../../../shared/domain';
import { isKnownCurrency } from '../../../shared/money';
import {
  BankFileError,
  type BankAccountStatement,
  type BankEntry,
  type BankStatement,
} from './bank-statement';
import { readDetail } from './bai2-detail';
import { bai2Records, lineCount, recordFields, type Bai2Record } from './bai2-records';
import { directionOf, isTypeCode } from './bai2-type-codes';

const DEFAULT_CURRENCY = 'USD';

/** Parses a whole BAI2 file, or throws BankFileError naming the first line that is wrong. */
export function parseBai2(text: string): BankStatement {
  const records = bai2Records(text);
  const first = records[0];
  if (!first) throw new BankFileError(1, 'the file is empty: a BAI2 file starts with a 01 file header');
  if (first.code !== '01') {
    throw new BankFileError(
      first.line,
      `a BAI2 file starts with a 01 file header, not a ${first.code} record`,
    );
  }
  const header = recordFields(first);
  const version = header[7] ?? '';
  if (version !== '2') {
    throw new BankFileError(
      first.line,
      `the file header says version "${version}"; Clearpost reads BAI version 2`,
    );
  }
  const createdOn = bai2Date(header[2] ?? '', first.line, 'file creation date');
  const fileId = header[4] ?? '';

  let at = 1;
  const accounts: BankAccountStatement[] = [];
  let fileTotal = 0n;
  let groups = 0;
  let fileLines = lineCount(first);
  for (;;) {
    const record = records[at];
    if (!record) {
      throw new BankFileError(
        lastLine(records),
        'the file ends without its 99 file trailer (the file was cut short)',
      );
    }
    if (record.code === '99') {
      const [total = '', groupCount = '', recordCount = ''] = recordFields(record);
      fileLines += lineCount(record);
      checkTotal(record, 'file', fileTotal, total);
      checkCount(record, 'groups', groups, groupCount);
      checkCount(record, 'records', fileLines, recordCount);
      const extra = records[at + 1];
      if (extra) throw new BankFileError(extra.line, `a ${extra.code} record follows the 99 file trailer`);
      break;
    }
    if (record.code !== '02') {
      throw new BankFileError(
        record.line,
        `expected a 02 group header or the 99 file trailer, found a ${record.code} record`,
      );
    }
    const group = readGroup(records, at);
    accounts.push(...group.accounts);
    fileTotal += group.total;
    fileLines += group.lines;
    groups += 1;
    at = group.next;
  }
  return { format: 'bai2', fileId, createdOn, accounts };
}

interface GroupRead {
  readonly accounts: BankAccountStatement[];
  readonly total: bigint;
  readonly lines: number;
  readonly next: number;
}

function readGroup(records: readonly Bai2Record[], start: number): GroupRead {
  const header = records[start] as Bai2Record;
  const fields = recordFields(header);
  const asOfDate = bai2Date(fields[3] ?? '', header.line, 'as-of date');
  const currency = currencyOr(fields[5] ?? '', DEFAULT_CURRENCY, header.line);
  let at = start + 1;
  let lines = lineCount(header);
  let total = 0n;
  const accounts: BankAccountStatement[] = [];
  for (;;) {
    const record = records[at];
    if (!record) {
      throw new BankFileError(
        lastLine(records),
        `the file ends inside the group that starts on line ${String(header.line)} (no 98 group trailer)`,
      );
    }
    if (record.code === '98') {
      const [groupTotal = '', accountCount = '', recordCount = ''] = recordFields(record);
      lines += lineCount(record);
      checkTotal(record, 'group', total, groupTotal);
      checkCount(record, 'accounts', accounts.length, accountCount);
      checkCount(record, 'records', lines, recordCount);
      return { accounts, total, lines, next: at + 1 };
    }
    if (record.code !== '03') {
      throw new BankFileError(
        record.line,
        `expected a 03 account identifier or the 98 group trailer, found a ${record.code} record`,
      );
    }
    const account = readAccount(records, at, { asOfDate, currency });
    accounts.push(account.statement);
    total += account.total;
    lines += account.lines;
    at = account.next;
  }
}

function readAccount(
  records: readonly Bai2Record[],
  start: number,
  group: { asOfDate: IsoDate; currency: string },
): { statement: BankAccountStatement; total: bigint; lines: number; next: number } {
  const header = records[start] as Bai2Record;
  const [accountNumber = '', currencyField = '', ...summaries] = recordFields(header);
  if (accountNumber === '') throw new BankFileError(header.line, 'the 03 record has no account number');
  const currency = currencyOr(currencyField, group.currency, header.line);
  let total = summaryTotal(summaries, header.line);
  let lines = lineCount(header);
  const entries: BankEntry[] = [];
  let at = start + 1;
  for (;;) {
    const record = records[at];
    if (!record) {
      throw new BankFileError(
        lastLine(records),
        `the file ends inside account ${mask(accountNumber)} that starts on line ${String(header.line)} (no 49 account trailer)`,
      );
    }
    lines += lineCount(record);
    if (record.code === '49') {
      const [accountTotal = '', recordCount = ''] = recordFields(record);
      checkTotal(record, 'account', total, accountTotal);
      checkCount(record, 'records', lines, recordCount);
      return {
        statement: { accountNumber, currency, asOfDate: group.asOfDate, entries },
        total,
        lines,
        next: at + 1,
      };
    }
    if (record.code !== '16') {
      throw new BankFileError(
        record.line,
        `expected a 16 transaction detail or the 49 account trailer, found a ${record.code} record`,
      );
    }
    const detail = readDetail(record);
    if (!isTypeCode(detail.typeCode)) {
      throw new BankFileError(record.line, `"${detail.typeCode}" is not a three-digit BAI2 type code`);
    }
    const amount = bai2Amount(detail.amount, record.line, 'transaction amount');
    if (amount < 0n)
      throw new BankFileError(
        record.line,
        'a transaction amount carries no sign in BAI2; its type code says credit or debit',
      );
    total += amount;
    const direction = directionOf(Number(detail.typeCode));
    const magnitude = toMinor(amount, record.line);
    entries.push({
      line: record.line,
      bookingDate: group.asOfDate,
      valueDate: detail.valueDate ? bai2Date(detail.valueDate, record.line, 'value date') : null,
      amountMinor: direction === 'debit' ? -magnitude : magnitude,
      currency,
      direction,
      typeCode: detail.typeCode,
      bankReference: detail.bankReference,
      customerReference: detail.customerReference,
      text: detail.text,
    });
    at += 1;
  }
}

/** The 03 record's summaries: type code, amount, item count, funds type (with its sub-fields), repeated. */
function summaryTotal(fields: readonly string[], line: number): bigint {
  let total = 0n;
  let i = 0;
  while (i < fields.length) {
    const typeCode = fields[i] ?? '';
    if (typeCode === '' && fields.slice(i).every((f) => f === '')) break;
    if (!isTypeCode(typeCode))
      throw new BankFileError(line, `"${typeCode}" is not a three-digit BAI2 type code`);
    const amount = fields[i + 1] ?? '';
    if (amount !== '') total += bai2Amount(amount, line, `amount of summary ${typeCode}`);
    const fundsType = (fields[i + 3] ?? '').toUpperCase();
    i += 4;
    if (fundsType === 'V') i += 2;
    else if (fundsType === 'S') i += 3;
    else if (fundsType === 'D') i += 1 + 2 * Number(fields[i] ?? 0);
  }
  return total;
}

function checkTotal(record: Bai2Record, level: string, actual: bigint, written: string): void {
  const stated = bai2Amount(written, record.line, `${level} control total`);
  if (stated !== actual) {
    throw new BankFileError(
      record.line,
      `the ${level} control total is ${stated.toString()} but the amounts it closes add up to ${actual.toString()}`,
    );
  }
}

function checkCount(record: Bai2Record, what: string, actual: number, written: string): void {
  if (!/^\d+$/.test(written)) {
    throw new BankFileError(
      record.line,
      `the ${record.code} trailer's number of ${what} "${written}" is not a number`,
    );
  }
  if (Number(written) !== actual) {
    throw new BankFileError(
      record.line,
      `the ${record.code} trailer counts ${written} ${what} but there are ${String(actual)}`,
    );
  }
}

function bai2Amount(text: string, line: number, what: string): bigint {
  if (!/^[+-]?\d{1,18}$/.test(text)) {
    throw new BankFileError(line, `the ${what} "${text}" is not a whole number of minor units`);
  }
  return BigInt(text);
}

function toMinor(amount: bigint, line: number): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new BankFileError(line, 'the amount is too large');
  return Number(amount);
}

/** BAI2 dates are YYMMDD; the format has no century, and every file Clearpost reads is from this one. */
function bai2Date(text: string, line: number, what: string): IsoDate {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  const iso = match ? `20${match[1] ?? ''}-${match[2] ?? ''}-${match[3] ?? ''}` : '';
  const probe = new Date(`${iso}T00:00:00Z`);
  if (!match || Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== iso) {
    throw new BankFileError(line, `the ${what} "${text}" is not a date YYMMDD`);
  }
  return iso;
}

function currencyOr(text: string, fallback: string, line: number): string {
  if (text === '') return fallback;
  const code = text.toUpperCase();
  if (!isKnownCurrency(code)) throw new BankFileError(line, `"${text}" is not a currency Clearpost knows`);
  return code;
}

function lastLine(records: readonly Bai2Record[]): number {
  return records.at(-1)?.segments.at(-1)?.line ?? 1;
}

function mask(accountNumber: string): string {
  return `…${accountNumber.slice(-4)}`;
}
