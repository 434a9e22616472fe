/**
 * `clearpost import FILE` (and the console) for money files: BAI2 and camt.053 bank statements and Cybersource
 * funding answers (Purchase & Refund Details, Net Funding), Chargeback Details and eCheck returns. The file is recorded in imported_files by its
 * SHA-256 like every import; the same content twice adds nothing.
 *
 * A bank statement is all or nothing: one that does not add up (trailers, balances) is refused naming the
 * line, recorded as a failed import with that reason, and nothing of it is stored. A funding answer is read
 * row by row: a row that cannot be read goes to quarantine with its reason, and the good rows are stored.
 *
 * Chargebacks and eCheck returns take the one path the Reporting API pull takes too (case-rows.ts): linked to
 * their payment, each becomes its reversal event (a won case: the payment re-posted) in the same transaction
 * as the file; one whose payment Clearpost does not have is kept, and quarantined until the payment arrives.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { IsoDate } from '../../../shared/domain';
import { guard } from '../../lib/card-guard';
import { redactText } from '../../lib/card-text';
import type { Repositories } from '../../store/repositories';
import type { NewBankDeposit } from '../../store/repositories/bank-deposits';
import { parseBai2 } from '../bank/bai2-parse';
import { accountLast4, BankFileError, type BankStatement } from '../bank/bank-statement';
import { parseCamt053 } from '../bank/camt053-parse';
import { cashFileKind } from './cash-file-kind';
import { readChargebackDetails } from './chargeback-details';
import { readEcheckReturns } from './echeck-returns';
import type { FundingRejection } from './funding-item';
import { isNetFunding, readNetFunding } from './net-funding';
import { isPurchaseRefundDetails, readPurchaseRefundDetails } from './purchase-refund-details';
import { storeChargebackRows, storeReturnRows, type CaseRowsStored } from './case-rows';
import type { ReversalDeps } from './reversal-events';

export type CashSource =
  | 'bai2'
  | 'camt053'
  | 'cybersource-purchase-refund-details'
  | 'cybersource-net-funding'
  | 'cybersource-chargeback-details'
  | 'cybersource-echeck-returns';

export interface CashImportSummary {
  readonly source: CashSource;
  readonly fileId: number;
  readonly alreadyImported: boolean;
  /** Entries (bank) or rows (funding) in the file. */
  readonly rows: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** Reversal events (chargebacks, eCheck returns) stored for the EHR by this import. */
  readonly reversals?: number;
  /** Won cases re-posted to the EHR as the payment again by this import. */
  readonly reposted?: number;
}

export interface CashImportDeps extends Omit<ReversalDeps, 'repos'> {
  readonly repos: Pick<
    Repositories,
    | 'importedFiles'
    | 'bankDeposits'
    | 'funding'
    | 'quarantine'
    | 'chargebacks'
    | 'echeckReturns'
    | 'events'
    | 'intakeKeys'
    | 'intakeSettings'
  >;
}

export interface CashImportOptions {
  /** Merchant for funding rows that do not name theirs (Net Funding never does). */
  readonly merchantId?: string;
  readonly fundingDate?: IsoDate;
}

/** A money file refused as a whole; the message names the line where one exists. */
export class CashImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CashImportError';
  }
}

const HEAD_BYTES = 4096;

/** The first bytes of a file, to recognise it without reading a large processor report whole. */
async function headOf(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Imports a money file; resolves to null when the file is not one (the caller then tries the processor
 * report formats).
 */
export async function importCashFile(
  path: string,
  options: CashImportOptions,
  deps: CashImportDeps,
): Promise<CashImportSummary | null> {
  const kind = cashFileKind(await headOf(path));
  if (kind === null) return null;
  const bytes = await readFile(path);
  const text = bytes.toString('utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = redactText(basename(path)).text;
  if (kind === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CashImportError(
        `${fileName} is not valid JSON: ${(error as Error).message}. Nothing was imported.`,
      );
    }
    if (isPurchaseRefundDetails(json))
      return importFunding(json, { sha256, fileName, size: bytes.length }, options, deps);
    if (isNetFunding(json))
      return importNetFunding(json, { sha256, fileName, size: bytes.length }, options, deps);
    return null;
  }
  if (kind === 'chargebacks') return importChargebacks(text, { sha256, fileName, size: bytes.length }, deps);
  if (kind === 'echeck_returns') return importReturns(text, { sha256, fileName, size: bytes.length }, deps);
  return importStatement(kind, text, { sha256, fileName, size: bytes.length }, deps);
}

interface FileFacts {
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
}

function already(source: CashSource, facts: FileFacts, deps: CashImportDeps): CashImportSummary | null {
  const previous = deps.repos.importedFiles.findBySha(facts.sha256);
  if (previous?.state !== 'complete') return null;
  return {
    source,
    fileId: previous.id,
    alreadyImported: true,
    rows: previous.rows,
    imported: 0,
    quarantined: 0,
    duplicates: previous.rows,
  };
}

function importStatement(
  format: 'bai2' | 'camt053',
  text: string,
  facts: FileFacts,
  deps: CashImportDeps,
): CashImportSummary {
  const done = already(format, facts, deps);
  if (done) return done;
  const files = deps.repos.importedFiles;
  const now = deps.clock.now();
  let statement: BankStatement;
  try {
    statement = format === 'bai2' ? parseBai2(text) : parseCamt053(text);
  } catch (error) {
    if (!(error instanceof BankFileError)) throw error;
    const message = `${facts.fileName} ${error.message}. Nothing of it was imported.`;
    const fileId = files.begin(
      { sha256: facts.sha256, source: format, fileName: facts.fileName, sizeBytes: facts.size },
      now,
    );
    files.finish(fileId, 'failed', { rows: 0, imported: 0, quarantined: 0, duplicates: 0 }, message, now);
    throw new CashImportError(message);
  }
  const entries = depositsOf(statement);
  return storeFile(format, facts, deps, (fileId, at) => {
    const imported = deps.repos.bankDeposits.add(entries, fileId, at);
    return { rows: entries.length, imported, quarantined: 0, duplicates: entries.length - imported };
  });
}

/** Statement entries as stored: account reduced to its last four, text with anything card-like masked. */
export function depositsOf(statement: BankStatement): NewBankDeposit[] {
  const out: NewBankDeposit[] = [];
  const seen = new Map<string, number>();
  for (const account of statement.accounts) {
    const accountKey = createHash('sha256').update(account.accountNumber).digest('hex').slice(0, 16);
    for (const entry of account.entries) {
      const identity = [
        accountKey,
        entry.bookingDate,
        entry.amountMinor,
        entry.currency,
        entry.typeCode,
        entry.bankReference ?? '',
        entry.customerReference ?? '',
      ].join('|');
      const occurrence = (seen.get(identity) ?? 0) + 1;
      seen.set(identity, occurrence);
      out.push({
        line: entry.line,
        format: statement.format,
        accountLast4: accountLast4(account.accountNumber),
        bookingDate: entry.bookingDate,
        valueDate: entry.valueDate,
        amountMinor: entry.amountMinor,
        currency: entry.currency,
        direction: entry.direction,
        typeCode: entry.typeCode,
        bankReference: entry.bankReference === null ? null : redactText(entry.bankReference).text,
        customerReference: entry.customerReference === null ? null : redactText(entry.customerReference).text,
        text: redactText(entry.text).text,
        dedupeKey: `${identity}|${String(occurrence)}`,
      });
    }
  }
  return out;
}

function importFunding(
  json: unknown,
  facts: FileFacts,
  options: CashImportOptions,
  deps: CashImportDeps,
): CashImportSummary {
  const source: CashSource = 'cybersource-purchase-refund-details';
  const done = already(source, facts, deps);
  if (done) return done;
  const read = readOrRefuse(facts, () => readPurchaseRefundDetails(json, options));
  return storeFile(source, facts, deps, (fileId, at) => {
    deps.repos.funding.recordItems(read.items, fileId, at);
    quarantineRows(read.rejected, facts, deps, at);
    return {
      rows: read.items.length + read.rejected.length,
      imported: read.items.length,
      quarantined: read.rejected.length,
      duplicates: 0,
    };
  });
}

function importNetFunding(
  json: unknown,
  facts: FileFacts,
  options: CashImportOptions,
  deps: CashImportDeps,
): CashImportSummary {
  const source: CashSource = 'cybersource-net-funding';
  const done = already(source, facts, deps);
  if (done) return done;
  const merchantId = options.merchantId;
  if (!merchantId) {
    throw new CashImportError(
      `${facts.fileName} is a Net Funding report, which names no merchant: give the merchant id with the import. Nothing was imported.`,
    );
  }
  const totals = readOrRefuse(facts, () => readNetFunding(json, merchantId));
  return storeFile(source, facts, deps, (fileId, at) => {
    deps.repos.funding.recordNetFunding(totals, fileId, at);
    return { rows: totals.length, imported: totals.length, quarantined: 0, duplicates: 0 };
  });
}

function importChargebacks(text: string, facts: FileFacts, deps: CashImportDeps): CashImportSummary {
  const source: CashSource = 'cybersource-chargeback-details';
  const done = already(source, facts, deps);
  if (done) return done;
  const read = readOrRefuse(facts, () => readChargebackDetails(text));
  return storeFile(source, facts, deps, (fileId, at) => {
    quarantineRows(read.rejected, facts, deps, at);
    const stored = storeChargebackRows(read.rows, { fileId, sourceRef: facts.fileName }, deps, at);
    return caseCounts(read, stored);
  });
}

function importReturns(text: string, facts: FileFacts, deps: CashImportDeps): CashImportSummary {
  const source: CashSource = 'cybersource-echeck-returns';
  const done = already(source, facts, deps);
  if (done) return done;
  const read = readOrRefuse(facts, () => readEcheckReturns(text));
  return storeFile(source, facts, deps, (fileId, at) => {
    quarantineRows(read.rejected, facts, deps, at);
    const stored = storeReturnRows(read.rows, { fileId, sourceRef: facts.fileName }, deps, at);
    return caseCounts(read, stored);
  });
}

/** A case or returns file's counts: unreadable rows, unmatched rows and refused follow-ups are quarantined. */
function caseCounts(
  read: { readonly rows: readonly unknown[]; readonly rejected: readonly FundingRejection[] },
  stored: CaseRowsStored,
): FileCounts {
  return {
    rows: read.rows.length + read.rejected.length,
    imported: stored.imported,
    quarantined: read.rejected.length + stored.unmatched + stored.followUps.quarantined,
    duplicates: read.rows.length - stored.imported,
    reversals: stored.followUps.stored,
    reposted: stored.followUps.reposted,
  };
}

function quarantineRows(
  rejected: readonly FundingRejection[],
  facts: FileFacts,
  deps: CashImportDeps,
  now: number,
): void {
  for (const rejection of rejected) {
    deps.repos.quarantine.add(
      {
        source: 'file',
        sourceRef: `${facts.fileName}#${rejection.ref}`,
        reasonCode: 'invalid_funding_row',
        reason: rejection.reason,
        redactedInput: JSON.stringify(guard(rejection.input).redacted),
      },
      now,
    );
  }
}

type FileCounts = Pick<
  CashImportSummary,
  'rows' | 'imported' | 'quarantined' | 'duplicates' | 'reversals' | 'reposted'
>;

/** The file's record and its content in one transaction: a file is complete with all of it, or not there. */
function storeFile(
  source: CashSource,
  facts: FileFacts,
  deps: CashImportDeps,
  store: (fileId: number, now: number) => FileCounts,
): CashImportSummary {
  const now = deps.clock.now();
  const files = deps.repos.importedFiles;
  return deps.db
    .transaction(() => {
      const fileId = files.begin(
        { sha256: facts.sha256, source, fileName: facts.fileName, sizeBytes: facts.size },
        now,
      );
      const counts = store(fileId, now);
      files.finish(fileId, 'complete', counts, null, now);
      return { source, fileId, alreadyImported: false, ...counts };
    })
    .immediate();
}

/** The file's content read, or the whole file refused, naming it. */
function readOrRefuse<T>(facts: FileFacts, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CashImportError(`${facts.fileName}: ${(error as Error).message}. Nothing was imported.`);
  }
}
