/**
 * Funding items and bank entries written into a store as the imports write them. Kept apart from
 * cash-store.ts (which opens and migrates a store) so end-to-end specs can seed a served database with it.
 */
import type { Database } from 'better-sqlite3';
import type { Repositories } from '../../src/main/store/repositories';
import type { NewBankDeposit } from '../../src/main/store/repositories/bank-deposits';
import type { FundingItemRow } from '../../src/main/store/repositories/funding';

let files = 0;

/** Funding items into a store as the Purchase & Refund Details import records them (defaults fill the rest). */
export function fundInto(
  repos: Repositories,
  db: Database,
  items: readonly Partial<FundingItemRow>[],
  now: number,
): void {
  const fileId = fileInto(repos, 'cybersource-purchase-refund-details', now);
  const rows = items.map((item, i): FundingItemRow => {
    const amountMinor = item.amountMinor ?? 10_000;
    const totalFeeMinor = item.totalFeeMinor ?? 0;
    return {
      merchantId: 'hospital_main',
      requestId: `req-${String(fileId)}-${String(i)}`,
      kind: 'purchase',
      transactionType: 'ics_bill',
      batchId: 'B1',
      fundingDate: '2025-03-03',
      currency: 'USD',
      interchangeMinor: 0,
      discountMinor: 0,
      duesAssessmentsMinor: totalFeeMinor,
      settlementStatus: 'SETTLED',
      settlementTime: null,
      ...item,
      amountMinor,
      totalFeeMinor,
      fundingMinor: amountMinor - totalFeeMinor,
    };
  });
  db.transaction(() => repos.funding.recordItems(rows, fileId, now))();
}

/** Bank entries into a store as a BAI2 import records them. */
export function depositInto(
  repos: Repositories,
  db: Database,
  entries: readonly Partial<NewBankDeposit>[],
  now: number,
): void {
  const fileId = fileInto(repos, 'bai2', now);
  const rows = entries.map((e, i): NewBankDeposit => ({
    line: i + 4,
    format: 'bai2',
    accountLast4: '6789',
    bookingDate: '2025-03-04',
    valueDate: null,
    amountMinor: 10_000,
    currency: 'USD',
    direction: (e.amountMinor ?? 1) < 0 ? 'debit' : 'credit',
    typeCode: '165',
    bankReference: null,
    customerReference: null,
    text: 'CYBERSOURCE DEPOSIT',
    ...e,
    dedupeKey: `${String(fileId)}|${String(i)}`,
  }));
  db.transaction(() => repos.bankDeposits.add(rows, fileId, now))();
}

function fileInto(repos: Repositories, source: string, now: number): number {
  files += 1;
  return repos.importedFiles.begin(
    {
      sha256: `${String(process.pid)}${String(files)}`.padStart(64, '0'),
      source,
      fileName: `${source}-${String(files)}`,
      sizeBytes: 1,
    },
    now,
  );
}
