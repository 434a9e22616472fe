/** Verifies the audit log against itself and against the chain head copied outside the database. */
import { performance } from 'node:perf_hooks';
import type { AuditVerification } from '../../shared/commands/audit';
import type { AuditRepository } from '../store/repositories/audit';
import { AuditHeadError, readAuditHead } from './chain-head-file';

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
  if (anchorProblem !== null && check.ok) {
    // The chain holds, but its outside copy was damaged: the evidence against truncation is gone.
    return {
      ok: false,
      checked: check.checked,
      brokenAt: { id: null, reason: anchorProblem },
      head,
      anchor: null,
      durationMs,
    };
  }
  return {
    ok: check.ok,
    checked: check.checked,
    brokenAt: check.brokenAt,
    head,
    anchor: anchorInfo,
    durationMs,
  };
}

/** One line a person reads: what was checked and, if broken, the first broken link. */
export function describeVerification(result: AuditVerification): string {
  const anchor = result.anchor
    ? `checked against the head copied at entry ${String(result.anchor.id)}`
    : 'no chain head copied outside the database yet';
  if (result.ok) {
    return `Audit log intact: ${String(result.checked)} entries, ${anchor} (${String(result.durationMs)} ms).`;
  }
  const where = result.brokenAt?.id != null ? `entry ${String(result.brokenAt.id)} ` : '';
  return (
    `Audit log BROKEN: ${where}${result.brokenAt?.reason ?? ''}. ${String(result.checked)} entries ` +
    `before it hold; ${anchor}.`
  );
}
