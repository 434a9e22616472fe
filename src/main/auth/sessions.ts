/**
 * Signed-in sessions of serve mode, in memory: a random id the browser keeps in an HttpOnly cookie (only
 * its SHA-256 is kept here), ending after an idle time or a maximum age, whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/commands/access';
import type { Clock } from '../clock';

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

const digest = (id: string) => createHash('sha256').update(id).digest('hex');

export function createSessions(clock: Clock, limits: () => SessionLimits) {
  const sessions = new Map<string, Session>();
  const expired = (s: Session, now: number) => {
    const { idleMs, maxMs } = limits();
    return now - s.lastSeenAt > idleMs || now - s.createdAt > maxMs;
  };
  return {
    start(username: string, role: Role): { id: string; expiresAt: number } {
      const id = randomBytes(32).toString('base64url');
      const now = clock.now();
      sessions.set(digest(id), { username, role, createdAt: now, lastSeenAt: now });
      return { id, expiresAt: now + limits().idleMs };
    },
    /** The live session for an id, touched; null when unknown or expired (and then forgotten). */
    get(id: string | null): Session | null {
      if (!id) return null;
      const key = digest(id);
      const session = sessions.get(key);
      if (!session) return null;
      const now = clock.now();
      if (expired(session, now)) {
        sessions.delete(key);
        return null;
      }
      session.lastSeenAt = now;
      return session;
    },
    end(id: string | null): void {
      if (id) sessions.delete(digest(id));
    },
    /** An account changed role or was disabled: its sessions end. */
    endFor(username: string): void {
      for (const [key, s] of sessions)
        if (s.username.toLowerCase() === username.toLowerCase()) sessions.delete(key);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
