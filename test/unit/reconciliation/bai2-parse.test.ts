/**
 * The BAI2 parser over sample files written to "Cash Management Balance Reporting Specifications Version 2"
 * (BAI): a day of processor deposits on two accounts, and a file using funds types S and D with a 16 record
 * whose fields and text go on over 88 lines. Then the same files broken the ways bank files break: each is
 * refused as a whole, naming the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBai2 } from '../../../src/main/reconciliation/bank/bai2-parse';
import { BankFileError } from '../../../src/main/reconciliation/bank/bank-statement';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bank', name), 'utf8');
const DAY = fixture('day-2025-03-03.bai2');
const CONTINUED = fixture('continuations-2025-03-04.bai2');

/** The file with line `n` (1-based) replaced, or removed when `text` is null. */
function withLine(file: string, n: number, text: string | null): string {
  const lines = file.split('\n');
  if (text === null) lines.splice(n - 1, 1);
  else lines[n - 1] = text;
  return lines.join('\n');
}

function refusal(text: string): BankFileError {
  try {
    parseBai2(text);
  } catch (error) {
    if (error instanceof BankFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('a malformed BAI2 file is refused naming the line', () => {
  it('an account control total that does not add up', () => {
    const error = refusal(withLine(DAY, 8, '49,4140001,6/'));
    expect(error.line).toBe(8);
    expect(error.message).toMatch(
      /^line 8: the account control total is 4140001 but the amounts it closes add up to 4140000/,
    );
  });

  it('a group or file control total that does not add up', () => {
    expect(refusal(withLine(DAY, 12, '98,5200100,2,11/')).line).toBe(12);
    const file = refusal(withLine(DAY, 13, '99,5199999,1,13/'));
    expect(file.line).toBe(13);
    expect(file.reason).toMatch(/file control total/);
  });

  it('wrong record counts at each level, and a wrong number of accounts or groups', () => {
    expect(refusal(withLine(DAY, 8, '49,4140000,5/')).reason).toBe(
      'the 49 trailer counts 5 records but there are 6',
    );
    expect(refusal(withLine(DAY, 12, '98,5200000,2,12/')).line).toBe(12);
    expect(refusal(withLine(DAY, 12, '98,5200000,3,11/')).reason).toBe(
      'the 98 trailer counts 3 accounts but there are 2',
    );
    expect(refusal(withLine(DAY, 13, '99,5200000,1,14/')).reason).toBe(
      'the 99 trailer counts 14 records but there are 13',
    );
    expect(refusal(withLine(DAY, 13, '99,5200000,2,13/')).line).toBe(13);
  });

  it('a continuation line lost: the 16 record stops mid-fields and the next line is not an 88', () => {
    const both = refusal(withLine(withLine(CONTINUED, 6, null), 5, null));
    expect(both.line).toBe(4);
    expect(both.reason).toBe(
      'the 16 record ends before its bank reference: a continuation (88) line is missing or the line was cut short',
    );
    // Only the first 88 lost: the text line cannot also hold the customer reference the record still needs.
    const first = refusal(withLine(CONTINUED, 5, null));
    expect(first.line).toBe(4);
    expect(first.reason).toMatch(/ends before its customer reference/);
  });

  it('a lost 88 that carried only text still shows, in the record count', () => {
    const error = refusal(withLine(CONTINUED, 6, null));
    expect(error.line).toBe(7);
    expect(error.reason).toBe('the 49 trailer counts 6 records but there are 5');
  });

  it('a file cut short inside a continuation, an account or before its file trailer', () => {
    const lines = CONTINUED.split('\n');
    expect(refusal(lines.slice(0, 3).join('\n') + '\n16,165,410000,S,400000').line).toBe(4);
    expect(refusal(lines.slice(0, 7).join('\n')).reason).toMatch(
      /ends inside account …6789 that starts on line 3/,
    );
    expect(refusal(lines.slice(0, 9).join('\n')).reason).toMatch(/without its 99 file trailer/);
  });

  it('records out of place, unknown codes, bad amounts and dates, another version', () => {
    expect(refusal('88,LOST\n' + DAY).line).toBe(1);
    expect(refusal(withLine(DAY, 3, '16,165,300000,0,,,/')).reason).toMatch(
      /expected a 03 account identifier/,
    );
    expect(refusal(withLine(DAY, 6, '17,169,230000,0,,,/')).line).toBe(6);
    expect(refusal(withLine(DAY, 7, '16,455,500.00,0,CYB0304F,,FEES')).reason).toBe(
      'the transaction amount "500.00" is not a whole number of minor units',
    );
    expect(refusal(withLine(DAY, 7, '16,45,50000,0,CYB0304F,,FEES')).reason).toMatch(
      /not a three-digit BAI2 type code/,
    );
    expect(refusal(withLine(DAY, 7, '16,455,50000,X,CYB0304F,,FEES')).reason).toMatch(
      /not a BAI2 funds type/,
    );
    expect(refusal(withLine(DAY, 2, '02,CLEARPOSTHOSP,021000021,1,250230,2400,USD,2/')).reason).toMatch(
      /as-of date "250230" is not a date/,
    );
    expect(refusal(withLine(DAY, 1, '01,021000021,CLEARPOSTHOSP,250304,0630,1,80,,1/')).line).toBe(1);
    expect(refusal(DAY + '02,X,Y,1,250303,,USD,2/\n').reason).toMatch(/follows the 99 file trailer/);
    expect(refusal('').line).toBe(1);
  });
});

describe('a well-formed BAI2 file', () => {
  it("reads the specification's own example file (section 3), whose text field has no slash", () => {
    const example = [
      '01,122099999,123456789,040621,0200,1,,,2/',
      '02,031001234,122099999,1,040620,2359,,2/',
      '03,0975312468,,010,500000,,,190,70000000,4,0/',
      '16,165,1500000,1,DD1620,, DEALER PAYMENTS',
      '49,72000000,3/',
      '98,72000000,1,5/',
      '99,72000000,1,7/',
    ].join('\n');
    const [account] = parseBai2(example).accounts;
    expect(account).toMatchObject({ accountNumber: '0975312468', currency: 'USD', asOfDate: '2004-06-20' });
    expect(account?.entries).toMatchObject([
      {
        amountMinor: 1500000,
        direction: 'credit',
        bankReference: 'DD1620',
        customerReference: null,
        text: 'DEALER PAYMENTS',
      },
    ]);
  });

  it('reads every account and detail with signed minor units, references and continued text', () => {
    const statement = parseBai2(DAY);
    expect(statement).toMatchObject({ format: 'bai2', fileId: '1', createdOn: '2025-03-04' });
    expect(
      statement.accounts.map((a) => [a.accountNumber, a.currency, a.asOfDate, a.entries.length]),
    ).toEqual([
      ['000123456789', 'USD', '2025-03-03', 3],
      ['000987654321', 'USD', '2025-03-03', 1],
    ]);
    const [deposit, second, fees] = statement.accounts[0]?.entries ?? [];
    expect(deposit).toEqual({
      line: 4,
      bookingDate: '2025-03-03',
      valueDate: null,
      amountMinor: 300000,
      currency: 'USD',
      direction: 'credit',
      typeCode: '165',
      bankReference: 'CYB0304A',
      customerReference: 'FUND-20250303-1',
      text: 'CYBERSOURCE DEPOSIT BATCH 4821 MERCHANT MAIN',
    });
    expect(second).toMatchObject({
      line: 6,
      valueDate: '2025-03-04',
      bankReference: 'CYB0304B',
      customerReference: null,
    });
    expect(fees).toMatchObject({ amountMinor: -50000, direction: 'debit', typeCode: '455' });
  });

  it('follows funds types S and D and a 16 record continued over two 88 lines', () => {
    const [account] = parseBai2(CONTINUED).accounts;
    expect(account?.entries).toMatchObject([
      {
        line: 4,
        amountMinor: 410000,
        bankReference: 'CYB0305A',
        customerReference: 'FUND-20250304-1',
        text: 'CYBERSOURCE DEPOSIT BATCH 4823',
      },
      { line: 7, amountMinor: 75000, typeCode: '195', bankReference: 'WIRE0305', text: 'INCOMING WIRE' },
    ]);
  });

  it('accepts CRLF line ends, fixed-length padding after the slash and a byte-order mark', () => {
    const padded =
      '\uFEFF' +
      DAY.split('\n')
        .map((l) => (l.endsWith('/') ? l.padEnd(80, ' ') : l))
        .join('\r\n');
    expect(parseBai2(padded).accounts[0]?.entries.map((e) => e.amountMinor)).toEqual([
      300000, 230000, -50000,
    ]);
  });
});
