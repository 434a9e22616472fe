/**
 * Processor transaction statuses to what intake does with the event.
 *   accepted  → store and post
 *   declined  → store with its reason, never post
 *   review    → quarantine until an accepted event arrives (the review may still reject it)
 *   none      → the status says no money moved (an authorization reversal)
 */

export type StatusClass = 'accepted' | 'declined' | 'review' | 'none';

// prettier-ignore
const STATUS_CLASS: Readonly<Record<string, StatusClass>> = {
  AUTHORIZED: 'accepted', PARTIAL_AUTHORIZED: 'accepted', PENDING: 'accepted', TRANSMITTED: 'accepted',
  BATCHED: 'accepted', SETTLED: 'accepted', COMPLETED: 'accepted', ACCEPTED: 'accepted', VOIDED: 'accepted',
  CANCELLED: 'accepted', SUCCEEDED: 'accepted',
  DECLINED: 'declined', AUTHORIZED_RISK_DECLINED: 'declined', INVALID_REQUEST: 'declined', FAILED: 'declined',
  REJECTED: 'declined', SERVER_ERROR: 'declined',
  PENDING_REVIEW: 'review', AUTHORIZED_PENDING_REVIEW: 'review',
  REVERSED: 'none',
};

/** The class of a status, or null when Clearpost does not know the status. A missing status defers to the event name. */
export function classifyStatus(status: string | null | undefined): StatusClass | null {
  if (status === null || status === undefined || status.trim() === '') return 'accepted';
  return STATUS_CLASS[status.trim().toUpperCase()] ?? null;
}

export function isPartialApproval(status: string | null | undefined): boolean {
  return status?.trim().toUpperCase() === 'PARTIAL_AUTHORIZED';
}
