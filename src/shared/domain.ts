/**
 * The business vocabulary shared by the engine, the store, the console API and the renderer.
 * Every enumeration is a const tuple so that zod schemas, SQL CHECK lists and exhaustive switches
 * all come from one place.
 */

/** Milliseconds since the Unix epoch (UTC). Business dates use `IsoDate` instead. */
export type EpochMs = number;
/** A calendar date `YYYY-MM-DD`, meaningful in a facility's time zone. */
export type IsoDate = string;

export const EHR_SYSTEMS = ['epic', 'oracle_health'] as const;
export type EhrSystem = (typeof EHR_SYSTEMS)[number];
export const EHR_LABEL: Record<EhrSystem, string> = {
  epic: 'Epic',
  oracle_health: 'Oracle Health',
};

export const EVENT_KINDS = ['one_time_payment', 'payment_plan', 'void', 'refund'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABEL: Record<EventKind, string> = {
  one_time_payment: 'One-time payment',
  payment_plan: 'Payment plan',
  void: 'Void',
  refund: 'Refund',
};

/**
 * What took a payment's money back after it settled, when a refund-kind event is its reversal in the EHR: a
 * card chargeback or an eCheck (ACH) return. The event kind stays `refund` (money back off the patient's
 * account, posted the site's reversal way); this says why, and picks the site's alias for it.
 */
export const REVERSAL_CAUSES = ['chargeback', 'echeck_return'] as const;
export type ReversalCause = (typeof REVERSAL_CAUSES)[number];
export const REVERSAL_CAUSE_LABEL: Record<ReversalCause, string> = {
  chargeback: 'Chargeback',
  echeck_return: 'eCheck return',
};

export const TENDERS = ['card', 'echeck', 'manual_check', 'cash', 'paypal'] as const;
export type Tender = (typeof TENDERS)[number];
export const TENDER_LABEL: Record<Tender, string> = {
  card: 'Card',
  echeck: 'eCheck',
  manual_check: 'Check',
  cash: 'Cash',
  paypal: 'PayPal',
};

/** Where a payment event comes from. */
export const EVENT_SOURCES = ['webhook', 'file', 'manual', 'sandbox'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** How a posting reaches the EHR, decided by routing. */
export const CHANNELS = ['api', 'daily_file', 'manual', 'exception'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Posting status. The first five are the statuses billing teams know from their processor's
 * posting reports; the rest are states the engine and the console need on top of them.
 */
export const POSTING_STATUSES = [
  'success',
  'retry',
  'failure',
  'not_applicable',
  'will_not_be_sent',
  'pending',
  'in_flight',
  'needs_verification',
  'manually_posted',
  'quarantined',
  'declined',
] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

export interface StatusInfo {
  readonly label: string;
  /** Shown in the exception queue until an operator or the engine resolves it. */
  readonly exception: boolean;
  /** The engine will never act on the item again by itself. */
  readonly final: boolean;
  readonly meaning: string;
}

export const STATUS_INFO: Record<PostingStatus, StatusInfo> = {
  success: {
    label: 'Success',
    exception: false,
    final: true,
    meaning: 'The EHR accepted the posting; its posting reference is kept.',
  },
  retry: {
    label: 'Retry',
    exception: true,
    final: false,
    meaning: 'The EHR did not answer or asked us to wait; Clearpost re-posts inside the retry window.',
  },
  failure: {
    label: 'Failure',
    exception: true,
    final: false,
    meaning: 'The EHR refused the posting, or it stayed in Retry past its window. Post it manually.',
  },
  not_applicable: {
    label: 'Not Applicable',
    exception: true,
    final: false,
    meaning:
      'The integration could not process the item. Do not post manually until its Not Applicable window has passed.',
  },
  will_not_be_sent: {
    label: 'will_not_be_sent',
    exception: false,
    final: true,
    meaning: 'Taken through the manual-payment workflow; never sent by API. Listed in the daily file.',
  },
  pending: {
    label: 'Pending',
    exception: false,
    final: false,
    meaning: 'Waiting for its first attempt.',
  },
  in_flight: {
    label: 'In flight',
    exception: false,
    final: false,
    meaning: 'Being sent to the EHR right now.',
  },
  needs_verification: {
    label: 'Needs verification',
    exception: true,
    final: false,
    meaning:
      'The EHR may or may not have posted it. Check the EHR for this transaction before doing anything else.',
  },
  manually_posted: {
    label: 'Manually posted',
    exception: false,
    final: true,
    meaning: 'An operator posted it in the EHR and recorded the EHR reference.',
  },
  quarantined: {
    label: 'Quarantined',
    exception: true,
    final: false,
    meaning: 'Rejected at intake and kept with its reason; nothing was sent.',
  },
  declined: {
    label: 'Declined',
    exception: true,
    final: true,
    meaning: 'The processor declined the payment; it is recorded and never posted.',
  },
};

export const EXCEPTION_STATUSES = POSTING_STATUSES.filter((s) => STATUS_INFO[s].exception);

/** What one attempt came to, chosen by the engine's pure classifier. */
export const ATTEMPT_OUTCOMES = [
  'posted',
  'duplicate',
  'retry',
  'rate_limited',
  'failed',
  'ambiguous',
  'not_applicable',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** A payment event from the processor, in canonical form (never a card number, never a CVV). */
export interface PaymentEvent {
  readonly id: number;
  readonly source: EventSource;
  /** The processor's transaction id: the external id sent to the EHR on every attempt. */
  readonly processorTxnId: string;
  readonly kind: EventKind;
  readonly tender: Tender;
  readonly amountMinor: number;
  readonly currency: string;
  readonly ehr: EhrSystem;
  readonly facility: string;
  readonly guarantorAccount: string | null;
  readonly encounterId: string | null;
  readonly merchantRef: string | null;
  readonly cardBrand: string | null;
  readonly cardLast4: string | null;
  /** `YYYY-MM` */
  readonly cardExpiry: string | null;
  readonly checkNumber: string | null;
  readonly processorStatus: string | null;
  readonly reasonCode: string | null;
  readonly transactionAt: EpochMs;
  readonly effectiveDate: IsoDate | null;
  readonly fundingDate: IsoDate | null;
  /** Processor service fees are recorded for balancing but never posted to the patient's account. */
  readonly serviceFeeMinor: number;
  readonly receivedAt: EpochMs;
}

/** One payment event's journey to the EHR. */
export interface Posting {
  readonly id: number;
  readonly eventId: number;
  readonly ehr: EhrSystem;
  readonly connectionId: string;
  readonly channel: Channel;
  readonly status: PostingStatus;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs | null;
  readonly windowExpiresAt: EpochMs | null;
  readonly ehrReference: string | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly held: boolean;
  /** An earlier attempt may have reached the EHR: it is looked up (or deduplicated) before any re-send. */
  readonly verifyFirst: boolean;
  readonly assignee: string | null;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  readonly resolvedAt: EpochMs | null;
}

/** One request to the EHR, recorded before it is sent and completed after. */
export interface Attempt {
  readonly id: number;
  readonly postingId: number;
  readonly number: number;
  /** A posting sent to the EHR, or a lookup asking whether the EHR already has it (not counted as an attempt). */
  readonly kind: 'post' | 'lookup';
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs | null;
  /** Redacted request as sent (no secrets, no card data). */
  readonly request: string;
  readonly httpStatus: number | null;
  readonly outcome: AttemptOutcome | null;
  readonly errorCode: string | null;
  /** Redacted response body. */
  readonly response: string | null;
  readonly durationMs: number | null;
}

/** A row of the exception queue: a posting joined with the business keys operators search by. */
export interface ExceptionItem {
  readonly postingId: number;
  readonly status: PostingStatus;
  readonly ehr: EhrSystem;
  readonly channel: Channel;
  readonly kind: EventKind;
  readonly tender: Tender;
  readonly amountMinor: number;
  readonly currency: string;
  readonly facility: string;
  readonly guarantorAccount: string | null;
  readonly encounterId: string | null;
  readonly processorTxnId: string;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs | null;
  readonly windowExpiresAt: EpochMs | null;
  readonly assignee: string | null;
  readonly held: boolean;
  readonly transactionAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export const NOTE_KINDS = ['note', 'fraud_review'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface Note {
  readonly id: number;
  readonly postingId: number;
  readonly kind: NoteKind;
  readonly author: string;
  readonly body: string;
  readonly createdAt: EpochMs;
}

export interface AuditEvent {
  readonly id: number;
  readonly at: EpochMs;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string | null;
  readonly details: Record<string, unknown>;
}

export const QUARANTINE_STATES = ['open', 'released', 'discarded'] as const;
export type QuarantineState = (typeof QUARANTINE_STATES)[number];

/** Input rejected at intake, kept (redacted) with the reason, never silently dropped. */
export interface QuarantinedInput {
  readonly id: number;
  readonly source: EventSource;
  readonly sourceRef: string | null;
  readonly reasonCode: string;
  readonly reason: string;
  /** The input with card numbers masked and CVVs removed. */
  readonly redactedInput: string;
  readonly state: QuarantineState;
  readonly receivedAt: EpochMs;
}
