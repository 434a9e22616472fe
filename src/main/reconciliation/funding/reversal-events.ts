/**
 * A chargeback that takes money, and an eCheck return, become a payment event of their own: the reversal of
 * the original payment, posted back to the EHR the way the site reverses a payment (Oracle Health: a further
 * FinancialTransaction under the site's chargeback or return alias; Epic: a line of the daily void/refund
 * file). The event is refund-kind with `extras.reversal` naming the cause, carries the original payment's
 * account, encounter, facility, EHR and tender details, and goes through intake's one path (`ingest` with the
 * canonical mapper, as `intake.enter` does): card guard, the guarantor rules, validation, the ceiling, the
 * one-kind rule, then the event and its admission-queue row together, or quarantine with the reason.
 *
 * Idempotent twice over: the reversal's processor id is derived from the case (or the return) and its date,
 * so a second ingest is a duplicate, and the case action or return row keeps the event it was given.
 */
import type { Database } from 'better-sqlite3';
import type { PaymentEvent, ReversalCause } from '../../../shared/domain';
import type { Clock } from '../../clock';
import { mapCanonicalEvent } from '../../intake/canonical-entry';
import { ingest } from '../../intake/ingest';
import { loadIntakeConfig } from '../../intake/intake-config';
import type { Logger } from '../../logger';
import type { Repositories } from '../../store/repositories';
import type { Chargeback } from '../../store/repositories/chargebacks';
import type { EcheckReturn } from '../../store/repositories/echeck-returns';
import type { NewPaymentEvent } from '../../store/repositories/events';

export interface ReversalDeps {
  readonly db: Database;
  readonly repos: Pick<
    Repositories,
    'events' | 'quarantine' | 'intakeKeys' | 'intakeSettings' | 'chargebacks' | 'echeckReturns'
  >;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger?: Logger;
}

export interface ReversalCounts {
  /** Reversal events stored now. */
  readonly stored: number;
  /** Refused by intake: kept in quarantine with the reason, the case or return left waiting. */
  readonly quarantined: number;
}

/** Stores the reversal of every linked chargeback and return that has none yet. Call inside a transaction. */
export function storeReversals(deps: ReversalDeps, sourceRef: string): ReversalCounts {
  let stored = 0;
  let quarantined = 0;
  const run = (
    original: PaymentEvent | undefined,
    event: (original: PaymentEvent) => NewPaymentEvent,
    link: (eventId: number) => void,
  ) => {
    if (!original) return;
    const outcome = enter(deps, event(original), sourceRef);
    if (outcome.kind === 'quarantined') quarantined += 1;
    else {
      if (outcome.kind === 'stored') stored += 1;
      link(outcome.eventId);
    }
  };
  for (const cb of deps.repos.chargebacks.awaitingReversal()) {
    run(
      cb.eventId === null ? undefined : deps.repos.events.get(cb.eventId),
      (original) => chargebackReversal(cb, original, deps.repos.events.extrasOf(original.id)),
      (eventId) => deps.repos.chargebacks.linkReversal(cb.id, eventId),
    );
  }
  for (const ret of deps.repos.echeckReturns.awaitingReversal()) {
    run(
      ret.eventId === null ? undefined : deps.repos.events.get(ret.eventId),
      (original) => returnReversal(ret, original, deps.repos.events.extrasOf(original.id)),
      (eventId) => deps.repos.echeckReturns.linkReversal(ret.id, eventId),
    );
  }
  return { stored, quarantined };
}

type Entered = { kind: 'stored' | 'duplicate'; eventId: number } | { kind: 'quarantined' };

function enter(deps: ReversalDeps, event: NewPaymentEvent, sourceRef: string): Entered {
  const config = loadIntakeConfig(deps.repos.intakeSettings);
  const result = ingest(
    { source: event.source, sourceRef, input: event, map: (clean) => mapCanonicalEvent(clean, config) },
    {
      db: deps.db,
      repos: deps.repos,
      clock: deps.clock,
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(config.amountCeilingMinor === undefined ? {} : { amountCeilingMinor: config.amountCeilingMinor }),
    },
  );
  switch (result.outcome) {
    case 'stored':
      return { kind: 'stored', eventId: result.eventId };
    case 'duplicate':
      return { kind: 'duplicate', eventId: result.eventId };
    case 'quarantined':
      return { kind: 'quarantined' };
  }
}

/** Letters and digits only: the id goes to Oracle Health, whose identifiers allow nothing else. */
const alnum = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
const compactDate = (date: string) => date.replace(/-/g, '');
/**
 * The business date at noon UTC: the same calendar day in every US facility's zone (the report gives a date,
 * not a time).
 */
const noonOf = (date: string) => Date.parse(`${date}T12:00:00Z`);

function chargebackReversal(
  cb: Chargeback,
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
): NewPaymentEvent {
  return reversalOf(
    original,
    originalExtras,
    'chargeback',
    `${original.processorTxnId}CB${alnum(cb.caseNumber)}${compactDate(cb.chargebackDate)}`,
    cb.amountMinor,
    cb.currency,
    cb.chargebackDate,
    cb.reasonCode,
    {
      caseNumber: cb.caseNumber,
      action: cb.action,
      chargebackReasonCode: cb.reasonCode,
      responseDueDate: cb.responseDueDate,
    },
  );
}

function returnReversal(
  ret: EcheckReturn,
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
): NewPaymentEvent {
  return reversalOf(
    original,
    originalExtras,
    'echeck_return',
    `${original.processorTxnId}RET${ret.returnCode}${compactDate(ret.returnDate)}`,
    ret.amountMinor,
    ret.currency,
    ret.returnDate,
    ret.returnCode,
    { returnCode: ret.returnCode, returnReason: ret.reason },
  );
}

function reversalOf(
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
  cause: ReversalCause,
  processorTxnId: string,
  amountMinor: number,
  currency: string,
  date: string,
  reasonCode: string | null,
  details: Record<string, unknown>,
): NewPaymentEvent {
  // The check's own date stays the one of the check the patient wrote (Oracle Health sends it for checks).
  const checkDate = originalExtras.checkDate ?? original.effectiveDate;
  return {
    source: 'file',
    processorTxnId,
    kind: 'refund',
    tender: original.tender,
    amountMinor,
    currency,
    ehr: original.ehr,
    facility: original.facility,
    guarantorAccount: original.guarantorAccount,
    encounterId: original.encounterId,
    merchantRef: original.merchantRef,
    cardBrand: original.cardBrand,
    cardLast4: original.cardLast4,
    cardExpiry: original.cardExpiry,
    checkNumber: original.checkNumber,
    reasonCode,
    transactionAt: noonOf(date),
    effectiveDate: date,
    extras: {
      reversal: cause,
      originalTxnId: original.processorTxnId,
      originalEventId: original.id,
      ...(typeof checkDate === 'string' ? { checkDate } : {}),
      ...details,
    },
  };
}
