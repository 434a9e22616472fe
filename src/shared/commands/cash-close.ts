/**
 * Month-end close commands: a supervisor prepares a month whose cash balance has no unexplained variance,
 * a second supervisor approves it (which locks the month and writes its close package), everyone may list them.
 */
import { z } from 'zod';
import { command, none } from './define';

const period = z
  .object({
    /** A facility, or `*` for every facility. */
    scope: z.string().trim().min(1).max(100),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM'),
  })
  .strict();

export interface ClosePeriodView {
  readonly id: number;
  readonly scope: string;
  readonly month: string;
  readonly timeZone: string;
  readonly state: 'prepared' | 'approved' | 'reopened';
  /** 1 at the first close; one more at each reopening. */
  readonly revision: number;
  /** An open request to reopen it, waiting for a second supervisor. */
  readonly reopenRequest: { readonly requestedBy: string; readonly reason: string } | null;
  readonly preparedBy: string;
  readonly preparedAt: number;
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
  /** Where the close package was written, once approved. */
  readonly packageDir: string | null;
  readonly manifestSha256: string | null;
  /** Payments that arrived after the close for this period: held and flagged. */
  readonly lateEvents: number;
}

export const CASH_CLOSE_COMMANDS = {
  'cash.close.prepare': command<ClosePeriodView>()(
    'Prepares a month for close; refused while its cash balance has an unexplained variance.',
    period,
  ),
  'cash.close.approve': command<ClosePeriodView>()(
    'Approves a month another supervisor prepared: locks it and writes its close package.',
    period,
  ),
  'cash.close.list': command<readonly ClosePeriodView[]>()('Months prepared or closed, newest first.', none),
  'cash.close.requestReopen': command<ClosePeriodView>()(
    'Asks to reopen a closed month, with a reason; a second supervisor approves.',
    period.extend({ reason: z.string().trim().min(1, 'Say why the month is reopened').max(2000) }).strict(),
  ),
  'cash.close.approveReopen': command<ClosePeriodView>()(
    "Approves another supervisor's request to reopen a closed month: it is open until closed again.",
    period,
  ),
} as const;
