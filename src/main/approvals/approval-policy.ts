/** Which manual entries need a second person, and who may be that person: pure rules over the settings. */
import type { Role } from '../../shared/commands/access';
import type { EventKind } from '../../shared/domain';
import type { ApprovalSettings } from './approval-settings';

export type ApprovalReason = 'above_threshold' | 'other_currency' | 'reversal';

export interface ApprovalNeed {
  readonly why: ApprovalReason;
  /** The threshold that applied, in minor units of the entry's currency; null when no amount decided it. */
  readonly thresholdMinor: number | null;
}

export interface EnteredAmount {
  readonly kind: EventKind;
  readonly amountMinor: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
}

const REVERSALS: ReadonlySet<EventKind> = new Set(['refund', 'void']);

/** Why this entry, by a person of this role, waits for a second person; null when it does not. */
export function approvalNeeded(
  settings: ApprovalSettings,
  entry: EnteredAmount,
  role: Role,
): ApprovalNeed | null {
  if (settings.reversals && REVERSALS.has(entry.kind)) return { why: 'reversal', thresholdMinor: null };
  const threshold = settings.thresholdsMinor[role];
  // An amount means nothing without its currency: one the thresholds are not in is never waved through.
  if (entry.currency.toUpperCase() !== settings.currency)
    return { why: 'other_currency', thresholdMinor: null };
  if (threshold === null) return null;
  return Math.abs(entry.amountMinor) > threshold
    ? { why: 'above_threshold', thresholdMinor: threshold }
    : null;
}

export function mayApprove(settings: ApprovalSettings, role: Role): boolean {
  return settings.approverRoles.includes(role);
}
