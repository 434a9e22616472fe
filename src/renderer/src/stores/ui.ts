/** UI state only (filters, connection, engine status): the data itself is always re-queried from main. */
import { create } from 'zustand';
import type { EngineStatus } from '../../../shared/contract';
import type { EhrSystem, PostingStatus } from '../../../shared/domain';

export interface ExceptionFilters {
  readonly statuses: readonly PostingStatus[];
  readonly ehr: EhrSystem | null;
  readonly search: string;
}

interface UiState {
  readonly connected: boolean;
  readonly engine: EngineStatus | null;
  readonly exceptionFilters: ExceptionFilters;
  readonly setConnected: (connected: boolean) => void;
  readonly setEngine: (engine: EngineStatus) => void;
  readonly setExceptionFilters: (filters: Partial<ExceptionFilters>) => void;
}

export const useUi = create<UiState>()((set) => ({
  connected: true,
  engine: null,
  exceptionFilters: { statuses: [], ehr: null, search: '' },
  setConnected: (connected) => set({ connected }),
  setEngine: (engine) => set({ engine }),
  setExceptionFilters: (filters) =>
    set((state) => ({ exceptionFilters: { ...state.exceptionFilters, ...filters } })),
}));
