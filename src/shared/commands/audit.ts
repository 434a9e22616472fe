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
  /** Recoveries from a snapshot the chain records: what each kept and what went with the damaged file. */
  readonly recoveries: readonly AuditRecovery[];
}

export interface AuditRecovery {
  /** The chain entry that records the recovery. */
  readonly entryId: number;
  readonly at: EpochMs;
  readonly snapshotTakenAt: EpochMs;
  /** The last entry the snapshot held (null: the log was empty then). */
  readonly lastEntryHeld: number | null;
  /** The last entry the head copied outside the database named before the recovery, when known. */
  readonly previousHead: number | null;
  /** Entries recorded after the snapshot and lost with the damaged database (null when not known). */
  readonly entriesLost: number | null;
}

export const AUDIT_COMMANDS = {
  'audit.verify': command<AuditVerification>()(
    'Walks the hash-chained audit log and the head copied outside the database; reports the first broken link.',
    none,
  ),
} as const;
