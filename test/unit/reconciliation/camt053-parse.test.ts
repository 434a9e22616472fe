/**
 * camt.053 (ISO 20022 BankToCustomerStatement) over a statement written to the message definition: booked
 * entries read with sign, dates and references; a pending entry moves no money yet; a statement whose own
 * figures (entry count, opening + entries = closing) do not hold is refused naming the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BankFileError } from '../../../src/main/reconciliation/bank/bank-statement';
import { looksLikeCamt053, parseCamt053 } from '../../../src/main/reconciliation/bank/camt053-parse';

const STATEMENT = readFileSync(
  join(__dirname, '../../fixtures/bank/statement-2025-03-04.camt053.xml'),
  'utf8',
);

function refusal(xml: string): BankFileError {
  try {
    parseCamt053(xml);
  } catch (error) {
    if (error instanceof BankFileError) return error;
    throw error;
  }
  throw new Error('the statement was accepted');
}

describe('a camt.053 statement that does not hold together is refused', () => {
  it('XML that is not well formed, naming its line', () => {
    const broken = STATEMENT.replace('<NtryRef>2</NtryRef>', '<NtryRef>2</NtryRefx>');
    const error = refusal(broken);
    expect(error.line).toBe(STATEMENT.split('\n').findIndex((l) => l.includes('<NtryRef>2<')) + 1);
    expect(error.reason).toMatch(/not well formed/);
  });

  it('a closing balance the entries do not reach', () => {
    const error = refusal(STATEMENT.replace('21050.00', '21050.01'));
    expect(error.reason).toMatch(
      /opening balance 1730000 plus its entries \(375000\) is 2105000, but the closing balance is 2105001/,
    );
    expect(error.line).toBe(STATEMENT.split('\n').findIndex((l) => l.includes('<Ntry>')) + 1);
  });

  it('a wrong number of entries, an amount finer than the currency, a missing credit/debit indicator', () => {
    expect(refusal(STATEMENT.replace('<NbOfNtries>3<', '<NbOfNtries>4<')).reason).toMatch(
      /says it holds 4 entries but there are 3/,
    );
    expect(refusal(STATEMENT.replace('4100.00', '4100.005')).reason).toMatch(/more decimals than USD allows/);
    expect(refusal(STATEMENT.replace('<CdtDbtInd>DBIT</CdtDbtInd>', '')).reason).toMatch(
      /not a camt\.053 bank statement/,
    );
  });
});

describe('a camt.053 statement', () => {
  it('is recognised from its first bytes', () => {
    expect(looksLikeCamt053(STATEMENT.slice(0, 400))).toBe(true);
    expect(looksLikeCamt053('01,021000021,CLEARPOSTHOSP,250304,0630,1,80,,2/')).toBe(false);
  });

  it('gives the booked entries with sign, dates, bank transaction code and references', () => {
    const statement = parseCamt053(STATEMENT);
    expect(statement).toMatchObject({
      format: 'camt053',
      fileId: 'STMT-20250305-0001',
      createdOn: '2025-03-05',
    });
    const [account] = statement.accounts;
    expect(account).toMatchObject({ accountNumber: '000123456789', currency: 'USD', asOfDate: '2025-03-04' });
    expect(account?.entries).toEqual([
      {
        line: STATEMENT.split('\n').findIndex((l) => l.includes('<Ntry>')) + 1,
        bookingDate: '2025-03-04',
        valueDate: '2025-03-04',
        amountMinor: 410000,
        currency: 'USD',
        direction: 'credit',
        typeCode: 'PMNT/RCDT/ACDT',
        bankReference: 'CYB0305A',
        customerReference: 'FUND-20250304-1',
        text: 'CYBERSOURCE DEPOSIT BATCH 4823',
      },
      expect.objectContaining({
        amountMinor: -35000,
        direction: 'debit',
        bankReference: 'CYB0305F',
        text: 'CYBERSOURCE FEES',
      }),
    ]);
  });

  it('reads the version 2 status written as text', () => {
    const v2 = STATEMENT.replace('camt.053.001.08', 'camt.053.001.02').replaceAll(
      '<Sts><Cd>BOOK</Cd></Sts>',
      '<Sts>BOOK</Sts>',
    );
    expect(parseCamt053(v2).accounts[0]?.entries).toHaveLength(2);
  });
});
