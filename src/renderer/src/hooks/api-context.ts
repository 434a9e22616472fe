import { createContext, useContext } from 'react';
import type { ConsoleApi } from '../../../shared/contract';

export const ApiContext = createContext<ConsoleApi | null>(null);

export function useApi(): ConsoleApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
