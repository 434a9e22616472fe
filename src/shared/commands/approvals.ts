/**
 * Two-person approval: manual entries above their enterer's threshold, and reversals entered by hand, wait held
 * until a different person with an approving role approves (or rejects with a note).
 */
import { z } from 'zod';
import type { EpochMs } from '../domain';
import { command, id, none } from './define';

export interface ApprovalView {
  readonly id: number;
  readonly eventId: number;
  readonly postingId: number | null;
  readonly why: 'above_threshold' | 'other_currency' | 'reversal';
  readonly thresholdMinor: number | null;
  readonly requestedBy: string;
  readonly requestedAt: EpochMs;
  readonly state: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: EpochMs | null;
  readonly note: string | null;
  readonly processorTxnId: string;
  readonly kind: string;
  readonly tender: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly facility: string;
}

export interface ApprovalsList {
  readonly pending: readonly ApprovalView[];
  readonly recent: readonly ApprovalView[];
  /** Whether the caller's role may approve (Settings › Approvals). */
  readonly canApprove: boolean;
}

export const APPROVAL_COMMANDS = {
  'approvals.list': command<ApprovalsList>()(
    'Entries awaiting a second person (oldest first) and the latest decisions.',
    none,
  ),
  'approvals.decide': command<ApprovalView>()(
    "Approves or rejects another person's entry; a rejection needs a note.",
    z
      .object({
        id,
        decision: z.enum(['approve', 'reject']),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
  ),
} as const;
