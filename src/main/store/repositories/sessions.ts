/** Serve-mode sessions by the SHA-256 of their token (never the token): who, which role, and their times. */
import type { Database } from 'better-sqlite3';
import type { Role } from '../../../shared/commands/access';

export interface StoredSession {
  readonly tokenSha256: string;
  readonly username: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

const COLUMNS = `token_sha256 AS tokenSha256, username, role, created_at AS createdAt,
  last_seen_at AS lastSeenAt, expires_at AS expiresAt`;

export function sessionsRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO operator_sessions (token_sha256, username, role, created_at, last_seen_at, expires_at)
     VALUES (@tokenSha256, @username, @role, @createdAt, @lastSeenAt, @expiresAt)`,
  );
  const byDigest = db.prepare<[string], StoredSession>(
    `SELECT ${COLUMNS} FROM operator_sessions WHERE token_sha256 = ?`,
  );
  const touch = db.prepare(
    'UPDATE operator_sessions SET last_seen_at = ?, expires_at = ? WHERE token_sha256 = ?',
  );
  const remove = db.prepare('DELETE FROM operator_sessions WHERE token_sha256 = ?');
  const removeUser = db.prepare('DELETE FROM operator_sessions WHERE username = ?');
  const purge = db.prepare(
    'DELETE FROM operator_sessions WHERE expires_at < @now OR last_seen_at < @idleBefore OR created_at < @createdBefore',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operator_sessions');
  return {
    insert: (session: StoredSession): void => void insert.run(session),
    get: (tokenSha256: string): StoredSession | null => byDigest.get(tokenSha256) ?? null,
    touch: (tokenSha256: string, lastSeenAt: number, expiresAt: number): void =>
      void touch.run(lastSeenAt, expiresAt, tokenSha256),
    delete: (tokenSha256: string): void => void remove.run(tokenSha256),
    deleteFor: (username: string): number => removeUser.run(username).changes,
    /** Removes every session past its expiry or past the idle or maximum age in force now. */
    purgeExpired: (now: number, idleMs: number, maxMs: number): number =>
      purge.run({ now, idleBefore: now - idleMs, createdBefore: now - maxMs }).changes,
    count: (): number => count.get()?.n ?? 0,
  };
}
export type SessionsRepository = ReturnType<typeof sessionsRepository>;
