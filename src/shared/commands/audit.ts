/** Commands of the audit log's integrity. */
import type { EpochMs } from '../domain';
import { command, none } from './define';

export interface AuditVerification {
  readonly ok: boolean;
  /** Entries whose links held, from the first. */
  readonly checked: number;
  /** The first broken link (id null when the problem is the head file itself). */
  readonly brokenAt: { readonly id: number | null; readonly reason: string } | null;
  /** The last entry walked. */
  readonly head: { readonly id: number; readonly hash: string } | null;
  /** The chain head copied outside the database that the log was checked against. */
  readonly anchor: { readonly id: number; readonly hash: string; readonly writtenAt: EpochMs } | null;
  readonly durationMs: number;
}

export const AUDIT_COMMANDS = {
  'audit.verify': command<AuditVerification>()(
    'Walks the hash-chained audit log and the head copied outside the database; reports the first broken link.',
    none,
  ),
} as const;
