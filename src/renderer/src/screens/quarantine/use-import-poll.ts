import { useEffect } from 'react';
import type { ImportStatus } from '../../../../shared/commands/imports';
import { useApi } from '../../hooks/api-context';

const POLL_MS = 500;

/** Follows a running import (`statusId` set) until it is done; the answer or the failure is handed back. */
export function useImportPoll(
  statusId: string | null,
  onStatus: (status: ImportStatus) => void,
  onError: (message: string) => void,
): void {
  const api = useApi();
  useEffect(() => {
    if (!statusId) return;
    const timer = setInterval(() => {
      api.invoke('imports.status', { id: statusId }).then(onStatus, (cause: unknown) => {
        onError(cause instanceof Error ? cause.message : String(cause));
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, statusId, onStatus, onError]);
}
