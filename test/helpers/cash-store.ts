/** A real SQLite store with helpers to put funding items and bank deposits in it as the imports do. */
import { join } from 'node:path';
import type { FundingItemRow } from '../../src/main/store/repositories/funding';
import type { NewBankDeposit } from '../../src/main/store/repositories/bank-deposits';
import { openStore, type OpenStore } from '../../src/main/store/open';
import { createRepositories, type Repositories } from '../../src/main/store/repositories';

export interface CashStore {
  readonly store: OpenStore;
  readonly db: OpenStore['db'];
  readonly repos: Repositories;
  readonly clock: { now(): number };
  fund(items: readonly Partial<FundingItemRow>[]): void;
  deposit(entries: readonly Partial<NewBankDeposit>[]): void;
  close(): void;
}

let files = 0;

/** Funding items into a store as the Purchase & Refund Details import records them (defaults fill the rest). */
export function fundInto(
  repos: Repositories,
  db: OpenStore['db'],
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
  db: OpenStore['db'],
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

export function openCashStore(dir: string, now = Date.UTC(2025, 3, 1, 12)): CashStore {
  const store = openStore(join(dir, 'clearpost.sqlite'));
  const repos = createRepositories(store.db);
  const clock = { now: () => now };
  return {
    store,
    db: store.db,
    repos,
    clock,
    fund: (items) => fundInto(repos, store.db, items, now),
    deposit: (entries) => depositInto(repos, store.db, entries, now),
    close() {
      store.db.close();
    },
  };
}
