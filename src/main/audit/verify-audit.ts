/** Verifies the audit log against itself and against the chain head copied outside the database. */
import { performance } from 'node:perf_hooks';
import type { AuditRecovery, AuditVerification } from '../../shared/commands/audit';
import type { AuditRepository } from '../store/repositories/audit';
import { AuditHeadError, readAuditHead } from './chain-head-file';
import { recoveriesIn } from './recovery-anchor';

export function verifyAudit(audit: AuditRepository, headFile: string): AuditVerification {
  const started = performance.now();
  let anchor = null;
  let anchorProblem: string | null = null;
  try {
    anchor = readAuditHead(headFile);
  } catch (error) {
    if (!(error instanceof AuditHeadError)) throw error;
    anchorProblem = error.message;
  }
  const check = audit.verify(anchor);
  const durationMs = Math.round(performance.now() - started);
  const head = check.lastId > 0 ? { id: check.lastId, hash: check.head } : null;
  const anchorInfo = anchor ? { id: anchor.id, hash: anchor.hash, writtenAt: anchor.writtenAt } : null;
  const recoveries = recoveriesIn(audit);
  if (anchorProblem !== null && check.ok) {
    // The chain holds, but its outside copy was damaged: the evidence against truncation is gone.
    return {
      ok: false,
      checked: check.checked,
      brokenAt: { id: null, reason: anchorProblem },
      head,
      anchor: null,
      durationMs,
      recoveries,
    };
  }
  return {
    ok: check.ok,
    checked: check.checked,
    brokenAt: check.brokenAt,
    head,
    anchor: anchorInfo,
    durationMs,
    recoveries,
  };
}

/** One line a person reads: what was checked and, if broken, the first broken link. */
export function describeVerification(result: AuditVerification): string {
  const anchor = result.anchor
    ? `checked against the head copied at entry ${String(result.anchor.id)}`
    : 'no chain head copied outside the database yet';
  const recovered = result.recoveries.map((r) => ` ${describeRecovery(r)}`).join('');
  if (result.ok) {
    return `Audit log intact: ${String(result.checked)} entries, ${anchor} (${String(result.durationMs)} ms).${recovered}`;
  }
  const where = result.brokenAt?.id != null ? `entry ${String(result.brokenAt.id)} ` : '';
  return (
    `Audit log BROKEN: ${where}${result.brokenAt?.reason ?? ''}. ${String(result.checked)} entries ` +
    `before it hold; ${anchor}.${recovered}`
  );
}

/** A recovery in words: the chain is whole again, but the entries lost with the damaged file are named. */
function describeRecovery(r: AuditRecovery): string {
  const when = new Date(r.at).toISOString();
  const snapshot = new Date(r.snapshotTakenAt).toISOString();
  const lost =
    r.entriesLost === null
      ? 'how many entries were lost is not known (no head was copied before it)'
      : r.entriesLost === 0
        ? 'no entry was lost'
        : `${String(r.entriesLost)} entries after entry ${String(r.lastEntryHeld ?? 0)} were lost with the damaged database`;
  return `Recovered from the snapshot of ${snapshot} at ${when} (entry ${String(r.entryId)}): ${lost}.`;
}
