/** Commands of database snapshots and start-up recovery. */
import type { EpochMs } from '../domain';
import { command, none } from './define';

export interface SnapshotInfo {
  readonly file: string;
  readonly sizeBytes: number;
  readonly takenAt: EpochMs;
  readonly kind: 'scheduled' | 'before-migration';
}

/** Set when Clearpost started from a snapshot because its database was damaged. */
export interface RecoveryNotice {
  readonly message: string;
  readonly restoredFrom: string;
  /** The damaged database, kept under this name for investigation (never deleted). */
  readonly damagedKeptAt: string;
  readonly at: EpochMs;
}

export interface BackupStatus {
  readonly snapshots: readonly SnapshotInfo[];
  readonly recovery: RecoveryNotice | null;
  readonly integrity: 'ok' | 'recovered';
}

export const BACKUP_COMMANDS = {
  'backups.status': command<BackupStatus>()(
    'Database snapshots kept, and whether this start recovered from one.',
    none,
  ),
  'backups.snapshot': command<SnapshotInfo>()('Takes a database snapshot now (VACUUM INTO).', none),
} as const;
