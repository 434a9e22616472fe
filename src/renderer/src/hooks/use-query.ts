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
  /** True until the answer for the current arguments has arrived. */
  readonly loading: boolean;
  readonly reload: () => void;
}

/** How long changes are gathered before one re-query. */
export const REQUERY_DELAY_MS = 150;

interface Answer<T> {
  readonly key: string;
  readonly data: T | undefined;
  readonly error: ApiError | null;
}

export function useQuery<N extends CommandName>(
  name: N,
  args: CommandArgs<N>,
  dependsOn: readonly TableName[],
): QueryState<CommandResult<N>> {
  const api = useApi();
  const key = JSON.stringify(args);
  const [answer, setAnswer] = useState<Answer<CommandResult<N>>>({ key: '', data: undefined, error: null });
  const latest = useRef(0);

  const run = useCallback(() => {
    const id = ++latest.current;
    // Only the newest request may answer: a slow older one never overwrites fresher data.
    api.invoke(name, JSON.parse(key) as CommandArgs<N>).then(
      (data) => {
        if (id === latest.current) setAnswer({ key, data, error: null });
      },
      (cause: unknown) => {
        if (id !== latest.current) return;
        const error =
          cause instanceof ApiError ? cause : new ApiError({ code: 'unavailable', message: String(cause) });
        setAnswer((previous) => ({ key, data: previous.data, error }));
      },
    );
  }, [api, name, key]);

  useEffect(run, [run]);

  useRequeryOn(dependsOn, run);

  return { data: answer.data, error: answer.error, loading: answer.key !== key, reload: run };
}

/**
 * Calls `run` again when main reports a change to any of `tables`: once per burst, as a bulk action or a burst
 * of engine work announces many changes.
 */
export function useRequeryOn(tables: readonly TableName[], run: () => void): void {
  const api = useApi();
  const watchedKey = tables.join(',');
  useEffect(() => {
    const watched = new Set(watchedKey.split(','));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('db.changed', ({ tables: changed }) => {
      if (timer !== undefined || !changed.some((table) => watched.has(table))) return;
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, REQUERY_DELAY_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [api, watchedKey, run]);
}
