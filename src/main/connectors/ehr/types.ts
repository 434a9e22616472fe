/**
 * The one interface the posting engine talks to, whatever the EHR. Every outcome is a value: a connector
 * never throws for anything the network or the EHR can do, so the engine's classifier stays a pure switch.
 */
import type { EhrSystem, EpochMs, IsoDate, PaymentEvent, ReversalCause } from '../../../shared/domain';

/**
 * What a connector needs from a payment event. A stored `PaymentEvent` satisfies it; the optional fields
 * are kept by intake in the event's extras (check date, cash tendered) and passed through when known.
 */
export type PostableEvent = Pick<
  PaymentEvent,
  | 'processorTxnId'
  | 'kind'
  | 'tender'
  | 'amountMinor'
  | 'currency'
  | 'ehr'
  | 'facility'
  | 'guarantorAccount'
  | 'encounterId'
  | 'merchantRef'
  | 'cardBrand'
  | 'cardLast4'
  | 'cardExpiry'
  | 'checkNumber'
  | 'transactionAt'
  | 'effectiveDate'
> & {
  /** `YYYY-MM-DD`; defaults to the effective date, then the transaction day in the facility's time zone. */
  readonly checkDate?: IsoDate | null;
  /** Cash handed over (≥ amount); defaults to the amount. */
  readonly cashTenderedMinor?: number | null;
  /** A refund-kind event that reverses a payment for a chargeback or an eCheck return: the site's alias for it. */
  readonly reversal?: ReversalCause | null;
};

export interface ConnectorCapabilities {
  /** The connector can ask the EHR whether a posting with this external id exists. */
  readonly lookup: boolean;
  /** The EHR refuses (or folds) a second posting with the same external id. */
  readonly serverDedupesOnExternalId: boolean;
}

/** Stable error codes; the engine's classifier switches over these, the console shows `message` and `nextStep`. */
export const EHR_ERROR_CODES = [
  // Answers from the EHR.
  'invalid_request',
  'unauthorized',
  'forbidden',
  'bo_hp_reltn_missing',
  'not_found',
  'duplicate',
  'conflict',
  'business_rule',
  'not_supported',
  'unprocessable',
  'rate_limited',
  'daily_limit',
  'server_error',
  'unexpected_response',
  // The network.
  'timeout',
  'connection_reset',
  'connect_failed',
  // Before anything is sent.
  'token_failed',
  'mapping_failed',
  'not_by_api',
] as const;
export type EhrErrorCode = (typeof EHR_ERROR_CODES)[number];

export interface EhrError {
  readonly code: EhrErrorCode;
  /** The EHR's HTTP status; null when no answer came (or nothing was sent). */
  readonly httpStatus: number | null;
  /** The engine may send again later (inside the retry window). */
  readonly retryable: boolean;
  /** The EHR asked us to wait this long (Retry-After, or Epic's daily limit); null when it did not say. */
  readonly retryAfterMs: number | null;
  /**
   * The request may have reached the EHR and been posted (timeout or reset after sending, or a 5xx).
   * Before re-posting, look it up when the connector can; otherwise hold it for an operator.
   */
  readonly ambiguous: boolean;
  /** What happened, in the EHR's words when it gave any (OperationOutcome text), never with secrets. */
  readonly message: string;
  /** What the operator should do if this ends as a Failure. */
  readonly nextStep: string;
  /** The EHR's own code: the OperationOutcome issue code (Oracle) or Epic's numeric code. */
  readonly ehrCode: string | null;
}

/** A connector step's outcome: `ok` with what it produced, or the EhrError that stopped it. */
export type EhrOutcome<T extends object> =
  ({ readonly ok: true } & T) | { readonly ok: false; readonly error: EhrError };

export type PostResult = EhrOutcome<{
  /**
   * The EHR's posting reference: `FT-PL-…` for Oracle Health, the payment id for Epic. Null only when the
   * EHR confirmed the posting (201) without saying where: it posted, so it must not be sent again.
   */
  readonly ehrReference: string | null;
  readonly httpStatus: number;
  /** The EHR answered with an earlier posting of the same external id (duplicate folded by the server). */
  readonly existing: boolean;
}>;

export type LookupResult = EhrOutcome<
  | { readonly found: false }
  | {
      readonly found: true;
      readonly ehrReference: string;
      readonly amountMinor: number | null;
      readonly postedAt: EpochMs | null;
    }
>;

/** The request a connector would send, for the engine to record before sending (no token, no secrets). */
export interface PreparedRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly externalId: string;
  readonly contentType: string;
  /** The body exactly as it will be sent. Carries last 4 and expiry at most, never a card number. */
  readonly body: string;
}

export type PrepareResult = EhrOutcome<{ readonly request: PreparedRequest }>;

export interface EhrConnector {
  readonly connectionId: string;
  readonly ehr: EhrSystem;
  readonly capabilities: ConnectorCapabilities;
  /** Maps the event to the EHR's request without sending it (mapping problems come back as errors). */
  prepare(event: PostableEvent): PrepareResult;
  /** Sends a prepared request. */
  send(request: PreparedRequest, options?: SendOptions): Promise<PostResult>;
  /** `prepare` then `send`. */
  post(event: PostableEvent, options?: SendOptions): Promise<PostResult>;
  /** Asks the EHR for a posting with this external id; `not_supported` when the EHR offers no way. */
  lookup(externalId: string, options?: SendOptions): Promise<LookupResult>;
  /** The external id sent for an event, the same on every attempt. */
  externalIdFor(event: Pick<PostableEvent, 'processorTxnId' | 'kind'>): string;
  close(): void;
}

export interface SendOptions {
  /** Lets the engine abandon a request when it shuts down. */
  readonly signal?: AbortSignal;
}
