/** A real SQLite store with helpers to put funding items and bank deposits in it as the imports do. */
import { join } from 'node:path';
import type { FundingItemRow } from '../../src/main/store/repositories/funding';
import type { NewBankDeposit } from '../../src/main/store/repositories/bank-deposits';
import { depositInto, fundInto } from './cash-seed';
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
