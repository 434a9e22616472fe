/** UI state only (filters, connection, engine status, overlays): the data itself is always re-queried from main. */
import { create } from 'zustand';
import type { QueueSort } from '../../../shared/commands/console';
import type { EngineStatus } from '../../../shared/contract';
import type { Channel, EhrSystem, PostingStatus, Tender } from '../../../shared/domain';

export interface ExceptionFilters {
  readonly statuses: readonly PostingStatus[];
  readonly ehr: EhrSystem | null;
  readonly channel: Channel | null;
  readonly tender: Tender | null;
  /** Business key: account, encounter or transaction id (prefix). */
  readonly search: string;
  /** Decimal text as typed ("125.50"); converted to minor units when the query is built. */
  readonly amount: string;
  /** `YYYY-MM-DD` in the console's time zone, inclusive. */
  readonly from: string;
  readonly to: string;
  /** '' any, '-' nobody, else a name. */
  readonly assignee: string;
  readonly sort: QueueSort;
}

export const EMPTY_FILTERS: ExceptionFilters = {
  statuses: [],
  ehr: null,
  channel: null,
  tender: null,
  search: '',
  amount: '',
  from: '',
  to: '',
  assignee: '',
  sort: 'newest',
};

/** The reconciliation day being looked at: kept while the operator visits other screens and comes back. */
export interface ReconDay {
  /** `YYYY-MM-DD`; empty until the screen first opens (then yesterday). */
  readonly date: string;
  readonly facility: string;
  readonly basis: 'transaction' | 'effective' | 'funding';
}

/** The Transactions screen's search, kept so Back from an item returns to the same list. */
export interface TransactionFilters {
  readonly search: string;
  readonly status: PostingStatus | '';
  /** `YYYY-MM-DD`, inclusive; empty: open-ended. */
  readonly from: string;
  readonly to: string;
}

interface UiState {
  readonly connected: boolean;
  readonly engine: EngineStatus | null;
  readonly exceptionFilters: ExceptionFilters;
  /** The row the keyboard cursor is on in the queue, kept when the operator opens an item and comes back. */
  readonly queueCursor: number;
  readonly helpOpen: boolean;
  readonly reconDay: ReconDay;
  readonly transactionFilters: TransactionFilters;
  readonly setTransactionFilters: (filters: TransactionFilters) => void;
  readonly setReconDay: (day: Partial<ReconDay>) => void;
  readonly setConnected: (connected: boolean) => void;
  readonly setEngine: (engine: EngineStatus) => void;
  readonly setExceptionFilters: (filters: Partial<ExceptionFilters>) => void;
  readonly setQueueCursor: (cursor: number) => void;
  readonly setHelpOpen: (open: boolean) => void;
}

export const useUi = create<UiState>()((set) => ({
  connected: true,
  engine: null,
  exceptionFilters: EMPTY_FILTERS,
  queueCursor: 0,
  helpOpen: false,
  reconDay: { date: '', facility: '', basis: 'transaction' },
  transactionFilters: { search: '', status: '', from: '', to: '' },
  setTransactionFilters: (transactionFilters) => set({ transactionFilters }),
  setReconDay: (day) => set((state) => ({ reconDay: { ...state.reconDay, ...day } })),
  setConnected: (connected) => set({ connected }),
  setEngine: (engine) => set({ engine }),
  setExceptionFilters: (filters) =>
    set((state) => ({ exceptionFilters: { ...state.exceptionFilters, ...filters }, queueCursor: 0 })),
  setQueueCursor: (queueCursor) => set({ queueCursor }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
