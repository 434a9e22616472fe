/**
 * What a bank says reached (or left) an account, whatever the file format: BAI2 (bai2-parse.ts) and ISO 20022
 * camt.053 (camt053-parse.ts) both become a BankStatement, so import, matching and balancing read one shape.
 * Amounts are integer minor units, signed: a credit (money in) is positive, a debit negative.
 */
import type { IsoDate } from '../../../shared/domain';

export type BankFormat = 'bai2' | 'camt053';
export type Direction = 'credit' | 'debit' | 'other';

export interface BankEntry {
  /** Where the entry starts in its file: the physical line (BAI2) or the entry's position (camt.053). */
  readonly line: number;
  readonly bookingDate: IsoDate;
  readonly valueDate: IsoDate | null;
  /** Signed minor units: credits positive, debits negative, `other` (informational codes) as given. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly direction: Direction;
  /** BAI2 type code (e.g. 165) or the camt.053 bank transaction code (e.g. PMNT/RCDT/ACDT). */
  readonly typeCode: string;
  readonly bankReference: string | null;
  readonly customerReference: string | null;
  readonly text: string;
}

export interface BankAccountStatement {
  /** The account number as the bank wrote it; only its last four characters are ever stored. */
  readonly accountNumber: string;
  readonly currency: string;
  readonly asOfDate: IsoDate;
  readonly entries: readonly BankEntry[];
}

export interface BankStatement {
  readonly format: BankFormat;
  /** The file's own id (BAI2 file id, camt.053 message id). */
  readonly fileId: string;
  readonly createdOn: IsoDate;
  readonly accounts: readonly BankAccountStatement[];
}

/** A bank file refused as a whole, naming the line (BAI2) or entry (camt.053) where it went wrong. */
export class BankFileError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${String(line)}: ${reason}`);
    this.name = 'BankFileError';
  }
}

/** The last four characters of an account number: enough to tell accounts apart in the console. */
export function accountLast4(accountNumber: string): string {
  return accountNumber.replace(/\s/g, '').slice(-4);
}
