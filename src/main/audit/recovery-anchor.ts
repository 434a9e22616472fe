/**
 * Recovery from a snapshot, in the audit chain. The snapshot holds the chain only up to its last entry, and
 * the head copied outside the database (`audit-head.json`) may name a later entry that went with the damaged
 * file; left as it is, `audit verify` would report the log cut short for ever. So the recovery is recorded
 * as an entry of the chain (which snapshot, when it was taken, the last entry it held, the head it replaces)
 * and the copied head is moved on to that entry. The replaced head file is kept beside it, never deleted:
 * the damaged database and that file together are the evidence of what was lost.
 *
 * The entry is appended to the restored copy before it takes the database's place, and the head is written
 * after; a crash between the two leaves a chain that records the recovery from exactly the head on disk, and
 * `completeReanchor` finishes the move at the next start. A head that no recovery entry names is never moved:
 * that is a truncated or rewritten log, and verify must keep saying so.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { basename, join, dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { AuditRecovery } from '../../shared/commands/audit';
import type { RecoveryFacts, RecoveryRecorder } from '../store/open-or-recover';
import { auditRepository, type AuditRepository, type ChainAnchor } from '../store/repositories/audit';
import { AuditHeadError, readAuditHead, writeAuditHead, type AuditHead } from './chain-head-file';

export const RECOVERY_ACTION = 'store.recovered_from_snapshot';
const ACTOR = 'system';

/** What the recovery entry records (no patient data: file names, times and hashes only). */
const recoveryDetailsSchema = z.object({
  snapshot: z.string(),
  snapshotTakenAt: z.number().int(),
  /** The last entry the snapshot held (null for an empty log): everything after it was lost. */
  lastEntryHeld: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  damagedKeptAt: z.string(),
  /** The head copied outside the database before the recovery, and where that file was kept. */
  previousHead: z.object({ id: z.number().int(), hash: z.string() }).nullable(),
  previousHeadKeptAt: z.string().nullable(),
  /** How the snapshot relates to the previous head: see `relation`. */
  previousHeadInSnapshot: z.enum(['none', 'held', 'lost', 'differs']),
});
export type RecoveryDetails = z.output<typeof recoveryDetailsSchema>;

export type { RecoveryFacts };

/** The head file as it stood, copied aside; null when there was none or it could not be read. */
export interface KeptHead {
  readonly head: AuditHead | null;
  readonly keptAt: string | null;
}

/** Copies the current head file aside (before anything changes), so it survives the re-anchor as evidence. */
export function keepHeadAside(headFile: string, now: number): KeptHead {
  let head: AuditHead | null;
  try {
    head = readAuditHead(headFile);
  } catch (error) {
    // A damaged head is not moved or replaced: verify keeps reporting it, and it stays where it was.
    if (error instanceof AuditHeadError) return { head: null, keptAt: null };
    throw error;
  }
  if (!head) return { head: null, keptAt: null };
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const keptAt = join(dirname(headFile), `${basename(headFile, '.json')}.before-recovery-${stamp}.json`);
  copyFileSync(headFile, keptAt);
  return { head, keptAt };
}

/**
 * Appends the recovery entry to the restored database (call before it takes the damaged one's place).
 * Returns the entry to anchor on, or null when the head must not move: the snapshot holds the previous
 * head's entry with another hash, which is a rewritten log, not a loss.
 */
export function recordRecovery(
  db: Database,
  facts: RecoveryFacts,
  kept: KeptHead,
  now: number,
): { readonly anchor: ChainAnchor | null; readonly details: RecoveryDetails } {
  const audit = auditRepository(db);
  return db
    .transaction(() => {
      const lastEntryHeld = audit.headEntry();
      const previousHead = kept.head ? { id: kept.head.id, hash: kept.head.hash } : null;
      const details: RecoveryDetails = {
        snapshot: basename(facts.snapshotFile),
        snapshotTakenAt: facts.snapshotTakenAt,
        lastEntryHeld,
        damagedKeptAt: basename(facts.damagedKeptAt),
        previousHead,
        previousHeadKeptAt: kept.keptAt ? basename(kept.keptAt) : null,
        previousHeadInSnapshot: relation(previousHead, audit.hashAt.bind(audit)),
      };
      audit.append(
        { actor: ACTOR, action: RECOVERY_ACTION, subjectType: 'database', subjectId: null, details },
        now,
      );
      const entry = audit.headEntry();
      return { anchor: details.previousHeadInSnapshot === 'differs' ? null : entry, details };
    })
    .immediate();
}

/**
 * 'held': the snapshot has the previous head's entry as recorded (it was taken after the last copy);
 * 'lost': it ends before that entry (the usual case: what came after went with the damaged file);
 * 'differs': it has that entry with another hash; 'none': there was no readable head.
 */
function relation(
  previous: ChainAnchor | null,
  hashAt: (id: number) => string | null,
): RecoveryDetails['previousHeadInSnapshot'] {
  if (!previous) return 'none';
  const held = hashAt(previous.id);
  if (held === null) return 'lost';
  return held === previous.hash ? 'held' : 'differs';
}

/** Moves the copied head on to the recovery entry (atomic replace: a crash leaves the old or the new). */
export function reanchor(headFile: string, anchor: ChainAnchor, now: number): void {
  writeAuditHead(headFile, anchor, now);
}

/**
 * Finishes a re-anchor a crash interrupted: when the head file names an entry the log does not hold as
 * recorded, and the log's last recovery entry replaced exactly that head (and the head's kept copy exists),
 * the head moves on to that recovery entry. Anything else is left for verify to report. Returns whether it
 * moved the head.
 */
export function completeReanchor(db: Database, headFile: string, now: number): boolean {
  let head: AuditHead | null;
  try {
    head = readAuditHead(headFile);
  } catch (error) {
    if (error instanceof AuditHeadError) return false;
    throw error;
  }
  const audit = auditRepository(db);
  if (!head || audit.hashAt(head.id) === head.hash) return false;
  // Only on a mismatch, which is rare: the scan by action is not indexed.
  const row = audit.lastWithAction(RECOVERY_ACTION);
  if (!row) return false;
  const parsed = recoveryDetailsSchema.safeParse(row.details);
  if (!parsed.success) return false;
  const details = parsed.data;
  if (
    details.previousHeadInSnapshot === 'differs' ||
    details.previousHead?.id !== head.id ||
    details.previousHead.hash !== head.hash ||
    details.previousHeadKeptAt === null ||
    !existsSync(join(dirname(headFile), details.previousHeadKeptAt))
  ) {
    return false;
  }
  reanchor(headFile, { id: row.id, hash: row.hash }, now);
  return true;
}

/** The recoveries the chain records, for `audit verify` to name (an unreadable entry is skipped: verify still
 * checks its hash like any other). */
export function recoveriesIn(audit: Pick<AuditRepository, 'withAction'>): AuditRecovery[] {
  return audit.withAction(RECOVERY_ACTION).flatMap((entry) => {
    const parsed = recoveryDetailsSchema.safeParse(entry.details);
    if (!parsed.success) return [];
    const { snapshotTakenAt, lastEntryHeld, previousHead, previousHeadInSnapshot } = parsed.data;
    const held = lastEntryHeld?.id ?? 0;
    return [
      {
        entryId: entry.id,
        at: entry.at,
        snapshotTakenAt,
        lastEntryHeld: lastEntryHeld?.id ?? null,
        previousHead: previousHead?.id ?? null,
        entriesLost:
          previousHeadInSnapshot === 'lost' && previousHead
            ? previousHead.id - held
            : previousHeadInSnapshot === 'held'
              ? 0
              : null,
      },
    ];
  });
}

/**
 * The store's recovery recorder for a data folder's chain head file: the head is copied aside, the recovery
 * appended to the restored chain, and the head moved on to it once the restored file is in place.
 */
export function auditRecoveryRecorder(headFile: string): RecoveryRecorder {
  return {
    finishInterrupted: (db, now) => void completeReanchor(db, headFile, now),
    record(db, facts, now) {
      const kept = keepHeadAside(headFile, now);
      const { anchor } = recordRecovery(db, facts, kept, now);
      return {
        complete: anchor !== null,
        afterSwap: () => {
          if (anchor) reanchor(headFile, anchor, now);
        },
      };
    },
  };
}
