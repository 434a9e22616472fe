/** Failed serve-mode sign-ins by user name key (see migration 0016), bounded in rows. */
import type { Database } from 'better-sqlite3';

export interface SignInFailure {
  readonly count: number;
  /** Epoch ms until which sign-in is refused; 0 while not locked. */
  readonly lockedUntil: number;
}

export function signInFailuresRepository(db: Database) {
  const select = db.prepare<[string], SignInFailure>(
    'SELECT failures AS count, locked_until AS lockedUntil FROM sign_in_failures WHERE username_key = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO sign_in_failures (username_key, failures, locked_until, last_failed_at)
     VALUES (@key, @count, @lockedUntil, @now)
     ON CONFLICT (username_key) DO UPDATE SET
       failures = excluded.failures, locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at`,
  );
  const remove = db.prepare('DELETE FROM sign_in_failures WHERE username_key = ?');
  const forget = db.prepare(
    'DELETE FROM sign_in_failures WHERE last_failed_at < @before AND locked_until <= @now',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sign_in_failures');
  const trim = db.prepare(
    `DELETE FROM sign_in_failures WHERE username_key IN (
       SELECT username_key FROM sign_in_failures ORDER BY last_failed_at, username_key LIMIT ?)`,
  );
  const record = db.transaction(
    (
      key: string,
      failure: SignInFailure,
      now: number,
      limits: { maxRows: number; forgetAfterMs: number },
    ) => {
      upsert.run({ key, count: failure.count, lockedUntil: failure.lockedUntil, now });
      forget.run({ before: now - limits.forgetAfterMs, now });
      const excess = (count.get()?.n ?? 0) - limits.maxRows;
      if (excess > 0) trim.run(excess);
    },
  );
  return {
    get: (key: string): SignInFailure | null => select.get(key) ?? null,
    /** Stores the failure, then forgets old ones and deletes the least recently failed beyond `maxRows`. */
    record: (
      key: string,
      failure: SignInFailure,
      now: number,
      limits: { maxRows: number; forgetAfterMs: number },
    ): void => record(key, failure, now, limits),
    clear: (key: string): void => void remove.run(key),
    size: (): number => count.get()?.n ?? 0,
  };
}
export type SignInFailuresRepository = ReturnType<typeof signInFailuresRepository>;
