/** Commands of the operator console's screens (exception queue views, bulk actions, manual payments). */
import { z } from 'zod';
import {
  CHANNELS,
  EHR_SYSTEMS,
  EVENT_KINDS,
  POSTING_STATUSES,
  TENDERS,
  type AuditEvent,
  type EhrSystem,
  type EpochMs,
  type ExceptionItem,
  type PostingStatus,
  type Channel,
} from '../domain';
import { command, id, none } from './define';

export const QUEUE_SORTS = ['newest', 'oldest', 'amount_desc', 'amount_asc', 'expiry'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_SORT_LABEL: Record<QueueSort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  amount_desc: 'Largest amount first',
  amount_asc: 'Smallest amount first',
  expiry: 'Window ends soonest',
};

/** What selects items of the exception queue; shared by the list, its count, saved views and bulk previews. */
export const QueueFilter = z
  .object({
    /** Empty or absent: every exception status. */
    statuses: z.array(z.enum(POSTING_STATUSES)).max(POSTING_STATUSES.length).optional(),
    ehr: z.enum(EHR_SYSTEMS).optional(),
    channel: z.enum(CHANNELS).optional(),
    tender: z.enum(TENDERS).optional(),
    /** Business keys: guarantor account, encounter or processor transaction id (prefix, case-sensitive). */
    search: z.string().trim().max(100).optional(),
    /** Exact amount in minor units. */
    amountMinor: z.number().int().optional(),
    /** Transaction time range, epoch ms, `from` inclusive and `to` exclusive. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    /** A person, or null for items nobody has taken. */
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
    held: z.boolean().optional(),
  })
  .strict();
export type QueueFilterInput = z.input<typeof QueueFilter>;

export const QueueQuery = QueueFilter.extend({
  sort: z.enum(QUEUE_SORTS).default('newest'),
  limit: z.number().int().min(1).max(500).default(100),
  /** Keyset cursor from the previous page's `next`; opaque to the caller. */
  after: z.string().max(100).optional(),
}).strict();
export type QueueQueryInput = z.input<typeof QueueQuery>;

export interface CurrencyTotal {
  readonly currency: string;
  readonly amountMinor: number;
  readonly count: number;
}

export interface QueuePage {
  readonly rows: readonly ExceptionItem[];
  /** Pass as `after` for the next page; null on the last one. */
  readonly next: string | null;
}

/** The most loaded rows a `queue.changes` call checks; a longer list is refreshed from the top instead. */
export const CHANGES_MAX_IDS = 5_000;
/** The most new rows one `queue.changes` answer carries; more means "refresh from the top". */
export const CHANGES_MAX_NEW = 500;

/**
 * The rows a console has loaded, and since when it has seen them: `queue.changes` answers with only what
 * changed, instead of every loaded page again.
 */
export const QueueChangesQuery = QueueFilter.extend({
  /** The loaded rows' posting ids. */
  ids: z.array(z.number().int().positive()).max(CHANGES_MAX_IDS),
  /** Rows written at or after this engine time (a previous answer's `asOf`, less a margin) count as changed. */
  since: z.number().int().nonnegative(),
  /**
   * The previous answer's `newestId`: newer postings that match are returned as new rows. Absent: a bookmark
   * taken before a full load (no new rows, only `asOf` and `newestId`).
   */
  newestId: z.number().int().nonnegative().optional(),
  /**
   * The list's sort and its last loaded row (null: every matching row is loaded). With it, older postings
   * that moved into the filter within the loaded range (a Retry turning Failure deep in the list) come back
   * as new rows too, instead of waiting for a full read; beyond that row the next page will fetch them.
   */
  loaded: z
    .object({ sort: z.enum(QUEUE_SORTS), through: z.number().int().positive().nullable() })
    .strict()
    .optional(),
}).strict();

export interface QueueChanges {
  /** The engine's time when the answer was read: the next call's `since` (less a margin). */
  readonly asOf: EpochMs;
  /** The highest posting id when the answer was read: the next call's `newestId`. */
  readonly newestId: number;
  /** Loaded rows that changed and still match, and new postings (or, with `loaded`, rows moved in) that match. */
  readonly rows: readonly ExceptionItem[];
  /** Loaded rows that changed and no longer match the filter (resolved, reassigned…) or no longer exist. */
  readonly left: readonly number[];
  /** More new rows than one answer carries: the caller refreshes from the top. */
  readonly more: boolean;
}

export interface QueueCount {
  readonly count: number;
  /** More items match than were counted (`count` is the cap); totals are then left empty. */
  readonly capped: boolean;
  readonly totals: readonly CurrencyTotal[];
}

export interface SavedView {
  readonly id: number;
  readonly name: string;
  readonly query: z.output<typeof SavedViewQuery>;
  readonly createdBy: string;
  readonly createdAt: EpochMs;
}
export const SavedViewQuery = QueueFilter.extend({ sort: z.enum(QUEUE_SORTS).default('newest') }).strict();

export const BULK_ACTIONS = ['retry', 'hold', 'release', 'assign'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_ACTION_LABEL: Record<BulkAction, string> = {
  retry: 'Retry now',
  hold: 'Hold',
  release: 'Release hold',
  assign: 'Assign',
};

export interface BulkPreview {
  readonly previewId: string;
  readonly action: BulkAction;
  readonly assignee: string | null;
  /** The frozen set: exactly these postings are touched by the run, whatever arrives afterwards. */
  readonly count: number;
  readonly totals: readonly CurrencyTotal[];
  /** The first rows of the set, for the operator to eyeball. */
  readonly sample: readonly ExceptionItem[];
  /** When set, the run needs this phrase typed back. */
  readonly confirmationPhrase: string | null;
  readonly expiresAt: EpochMs;
}

export const BULK_OUTCOMES = ['done', 'skipped', 'failed'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export interface BulkReceiptItem {
  readonly postingId: number;
  readonly processorTxnId: string;
  readonly guarantorAccount: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly statusBefore: PostingStatus;
  /** Right after the action; for a retry the EHR's answer comes later (the console follows it by `queue.byIds`). */
  readonly statusAfter: PostingStatus | null;
  readonly outcome: BulkOutcome;
  readonly message: string;
}

export interface BulkReceipt {
  readonly previewId: string;
  readonly action: BulkAction;
  readonly actor: string;
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs;
  readonly done: number;
  readonly skipped: number;
  readonly failed: number;
  readonly items: readonly BulkReceiptItem[];
}

export interface DayPoint {
  readonly dayStart: EpochMs;
  readonly posted: number;
  readonly failed: number;
}

export interface ChannelStatusCount {
  readonly ehr: EhrSystem;
  readonly channel: Channel;
  readonly status: PostingStatus;
  readonly count: number;
}

export interface OldestRetry {
  readonly postingId: number;
  readonly processorTxnId: string;
  readonly guarantorAccount: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly createdAt: EpochMs;
  readonly nextAttemptAt: EpochMs | null;
  readonly windowExpiresAt: EpochMs | null;
}

export interface DashboardSummary {
  readonly counts: readonly ChannelStatusCount[];
  readonly postedToday: readonly CurrencyTotal[];
  readonly postedLast7Days: readonly CurrencyTotal[];
  /** One point per day the caller asked for. */
  readonly series: readonly DayPoint[];
  readonly oldestRetry: OldestRetry | null;
  readonly exceptions: number;
}

export const ManualPayment = z
  .object({
    /** The processor's transaction id, or the receipt number of the manual workflow. */
    processorTxnId: z
      .string()
      .trim()
      .min(1, 'A transaction or receipt number is required')
      .max(250)
      .regex(/^[\w.:-]+$/, 'Letters, digits and . _ : - only'),
    kind: z.enum(EVENT_KINDS).default('one_time_payment'),
    tender: z.enum(TENDERS),
    /** Decimal text, e.g. "125.50"; converted with the currency's precision, never through a float. */
    amount: z.string().trim().min(1, 'The amount is required').max(20),
    currency: z.string().trim().length(3).default('USD'),
    ehr: z.enum(EHR_SYSTEMS),
    facility: z.string().trim().min(1, 'The facility is required').max(50),
    guarantorAccount: z.string().trim().min(1, 'The guarantor account is required').max(50),
    encounterId: z.string().trim().max(50).optional(),
    checkNumber: z.string().trim().max(30).optional(),
    /** Epoch ms of the payment; defaults to now. */
    transactionAt: z.number().int().positive().optional(),
  })
  .strict();

export interface ManualPaymentResult {
  readonly eventId: number;
  readonly created: boolean;
  /** Stored, its posting held until a second person approves it (two-person approval). */
  readonly awaitingApproval?: boolean;
}

export const CONSOLE_COMMANDS = {
  'queue.list': command<QueuePage>()(
    'The exception queue with filters, business-key search and a choice of sort, paged by keyset.',
    QueueQuery,
  ),
  'queue.changes': command<QueueChanges>()(
    'What changed among the queue rows a console has loaded, and new postings matching its filter, since a time.',
    QueueChangesQuery,
  ),
  'queue.count': command<QueueCount>()(
    'How many queue items match a filter, and their total amount per currency.',
    QueueFilter,
  ),
  'views.list': command<SavedView[]>()('Saved views of the exception queue, by name.', none),
  'views.save': command<SavedView>()(
    'Saves (or replaces, by name) a view of the exception queue.',
    z
      .object({ name: z.string().trim().min(1, 'A view needs a name').max(60), query: SavedViewQuery })
      .strict(),
  ),
  'views.delete': command<{ deleted: boolean }>()('Deletes a saved view.', z.object({ id }).strict()),
  'bulk.preview': command<BulkPreview>()(
    'Freezes the items a filter selects for a bulk action and shows their count and total.',
    z
      .object({
        filter: QueueFilter,
        action: z.enum(BULK_ACTIONS),
        assignee: z.string().trim().min(1).max(100).nullable().default(null),
      })
      .strict(),
  ),
  'bulk.run': command<BulkReceipt>()(
    'Runs a previewed bulk action on its frozen set, through the same checks as single actions.',
    z
      .object({ previewId: z.string().min(1).max(100), confirmation: z.string().max(100).optional() })
      .strict(),
  ),
  'queue.byIds': command<ExceptionItem[]>()(
    'The current state of given postings (a bulk receipt following its items), in the order asked.',
    // Up to the largest bulk set (BULK_MAX_ITEMS), so a receipt follows all of its items in one request.
    z.object({ ids: z.array(z.number().int().positive()).min(1).max(5_000) }).strict(),
  ),
  'dashboard.summary': command<DashboardSummary>()(
    'Counts by EHR, channel and status, posted totals, the daily series and the oldest Retry item.',
    z
      .object({
        /** Local midnights, ascending, the last one being today's: the console's time zone decides the day. */
        dayStarts: z.array(z.number().int().nonnegative()).min(1).max(31),
      })
      .strict(),
  ),
  'postings.history': command<AuditEvent[]>()(
    "A posting's audit trail (engine and operator actions), oldest first.",
    z.object({ id }).strict(),
  ),
  'payments.enterManual': command<ManualPaymentResult>()(
    'Enters a payment taken through the manual-payment workflow (will_not_be_sent; listed in the daily file).',
    ManualPayment,
  ),
} as const;
