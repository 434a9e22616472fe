/**
 * Runs a console command and runs it again whenever main reports a change to a table it depends on.
 * The renderer re-queries; it never keeps its own copy of the database.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../shared/api-error';
import type { CommandArgs, CommandName, CommandResult, TableName } from '../../../shared/contract';
import { useApi } from './api-context';

export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | null;
  readonly loading: boolean;
  reload(): void;
}

export function useQuery<N extends CommandName>(
  name: N,
  args: CommandArgs<N>,
  dependsOn: readonly TableName[],
): QueryState<CommandResult<N>> {
  const api = useApi();
  const [data, setData] = useState<CommandResult<N>>();
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(args);
  const request = useRef(0);

  const run = useCallback(() => {
    const id = ++request.current;
    setLoading(true);
    api
      .invoke(name, JSON.parse(key) as CommandArgs<N>)
      .then((result) => {
        if (id !== request.current) return;
        setData(result);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (id !== request.current) return;
        setError(cause instanceof ApiError ? cause : new ApiError({ code: 'unavailable', message: String(cause) }));
      })
      .finally(() => {
        if (id === request.current) setLoading(false);
      });
  }, [api, name, key]);

  useEffect(run, [run]);

  const tables = dependsOn.join(',');
  useEffect(() => {
    const watched = new Set(tables.split(','));
    return api.on('db.changed', ({ tables: changed }) => {
      if (changed.some((table) => watched.has(table))) run();
    });
  }, [api, tables, run]);

  return { data, error, loading, reload: run };
}
