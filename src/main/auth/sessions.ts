/**
 * Signed-in sessions of serve mode: a random token the browser keeps in an HttpOnly cookie, ending after an
 * idle time or a maximum age (both from the access settings, read at every use), whichever comes first.
 * Only the token's SHA-256 is stored, in SQLite (`operator_sessions`), so a restart signs nobody out and a
 * copy of the database signs nobody in. Without a database (unit use) the same rules run in memory.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/commands/access';
import type { Clock } from '../clock';
import { sha256 } from '../lib/sha256';
import type { StoredSession } from '../store/repositories/sessions';

export interface Session {
  readonly username: string;
  readonly role: Role;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  readonly idleMs: number;
  readonly maxMs: number;
}

/** Where sessions are kept: the `sessions` repository, or memory. */
export interface SessionStore {
  insert(session: StoredSession): void;
  get(tokenSha256: string): StoredSession | null;
  touch(tokenSha256: string, lastSeenAt: number, expiresAt: number): void;
  delete(tokenSha256: string): void;
  deleteFor(username: string): number;
  purgeExpired(now: number, idleMs: number, maxMs: number): number;
}

/**
 * A session's last use is written at most this often (or a tenth of the idle time, if shorter): every
 * console request reads its session, and one database write per request would buy idle-time precision
 * nobody needs.
 */
const TOUCH_EVERY_MS = 15_000;

const digest = (token: string) => sha256(token);

export function createSessions(clock: Clock, limits: () => SessionLimits, initial?: SessionStore) {
  const store = initial ?? memorySessionStore();
  const expiresAt = (s: Pick<Session, 'createdAt' | 'lastSeenAt'>) => {
    const { idleMs, maxMs } = limits();
    return Math.min(s.lastSeenAt + idleMs, s.createdAt + maxMs);
  };
  // Expiry is judged by the limits in force now, so shortening them in settings ends long sessions at once.
  const expired = (s: StoredSession, now: number) => now > expiresAt(s);
  const purge = () => {
    const { idleMs, maxMs } = limits();
    store.purgeExpired(clock.now(), idleMs, maxMs);
  };

  // Sessions that expired while Clearpost was stopped go at start-up.
  if (initial) purge();
  const endedListeners = new Set<() => void>();
  return {
    start(username: string, role: Role): { id: string; expiresAt: number } {
      purge();
      const id = randomBytes(32).toString('base64url');
      const now = clock.now();
      const session = { username, role, createdAt: now, lastSeenAt: now };
      const ends = expiresAt(session);
      store.insert({ tokenSha256: digest(id), ...session, expiresAt: ends });
      return { id, expiresAt: ends };
    },
    /** The live session for a token, touched; null when unknown or expired (and then deleted). */
    get(id: string | null): Session | null {
      if (!id) return null;
      const key = digest(id);
      const stored = store.get(key);
      if (!stored) return null;
      const now = clock.now();
      if (expired(stored, now)) {
        store.delete(key);
        return null;
      }
      const session: Session = {
        username: stored.username,
        role: stored.role,
        createdAt: stored.createdAt,
        lastSeenAt: stored.lastSeenAt,
      };
      const touchEvery = Math.min(TOUCH_EVERY_MS, limits().idleMs / 10);
      if (now - stored.lastSeenAt >= touchEvery || now < stored.lastSeenAt) {
        session.lastSeenAt = now;
        store.touch(key, now, expiresAt(session));
      }
      return session;
    },
    end(id: string | null): void {
      if (id) store.delete(digest(id));
    },
    /** An account changed role or was disabled: its sessions end. */
    endFor(username: string): void {
      store.deleteFor(username);
      for (const listener of endedListeners) listener();
    },
    /** Told whenever an account's sessions were ended, so what holds one open (an event stream) lets go. */
    onEndedFor(listener: () => void): () => void {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    /** Deletes every expired session; sign-in does it too. */
    purgeExpired: purge,
  };
}
export type Sessions = ReturnType<typeof createSessions>;

export function memorySessionStore(): SessionStore {
  const rows = new Map<string, StoredSession>();
  return {
    insert: (s) => void rows.set(s.tokenSha256, s),
    get: (key) => rows.get(key) ?? null,
    touch(key, lastSeenAt, expiresAt) {
      const row = rows.get(key);
      if (row) rows.set(key, { ...row, lastSeenAt, expiresAt });
    },
    delete: (key) => void rows.delete(key),
    deleteFor(username) {
      let n = 0;
      for (const [key, s] of rows)
        if (s.username.toLowerCase() === username.toLowerCase()) n += Number(rows.delete(key));
      return n;
    },
    purgeExpired(now, idleMs, maxMs) {
      let n = 0;
      for (const [key, s] of rows)
        if (s.expiresAt < now || s.lastSeenAt < now - idleMs || s.createdAt < now - maxMs)
          n += Number(rows.delete(key));
      return n;
    },
  };
}
