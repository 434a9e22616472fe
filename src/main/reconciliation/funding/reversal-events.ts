/**
 * A chargeback that takes money, and an eCheck return, become a payment event of their own: the reversal of
 * the original payment, posted back to the EHR the way the site reverses a payment (Oracle Health: a further
 * FinancialTransaction under the site's chargeback or return alias; Epic: a line of the daily void/refund
 * file). The event is refund-kind with `extras.reversal` naming the cause, carries the original payment's
 * account, encounter, facility, EHR and tender details, and goes through intake's one path (`ingest` with the
 * canonical mapper, as `intake.enter` does): card guard, the guarantor rules, validation, the ceiling, the
 * one-kind rule, then the event and its admission-queue row together, or quarantine with the reason.
 *
 * A won case (a case action that gives the money back) undoes its chargeback: once that chargeback's reversal
 * is stored, the payment is re-posted as the site's payment again — the original payment's kind (Oracle Health:
 * under the original alias), `extras.represented` linking the case, the chargeback's reversal and the original.
 *
 * Idempotent twice over: the follow-up's processor id is derived from the case (or the return) and its date,
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
  /** Reversal events stored now (chargebacks that took money, eCheck returns). */
  readonly stored: number;
  /** Won cases re-posted now as the payment again. */
  readonly reposted: number;
  /** Refused by intake: kept in quarantine with the reason, the case or return left waiting. */
  readonly quarantined: number;
}

/**
 * Stores the follow-up event of every linked chargeback, return and won case that has none yet. Call inside a
 * transaction. Won cases come last: they wait for the chargeback reversal this same pass may store.
 */
export function storeReversals(deps: ReversalDeps, sourceRef: string): ReversalCounts {
  const counts = { stored: 0, reposted: 0, quarantined: 0 };
  const { chargebacks, echeckReturns, events } = deps.repos;
  const follow = <T extends { readonly id: number; readonly eventId: number | null }>(
    items: readonly T[],
    make: (item: T, original: PaymentEvent, originalExtras: Record<string, unknown>) => NewPaymentEvent,
    link: (id: number, eventId: number) => void,
    counted: 'stored' | 'reposted',
  ) => {
    for (const item of items) {
      const original = item.eventId === null ? undefined : events.get(item.eventId);
      if (!original) continue;
      const outcome = enter(deps, make(item, original, events.extrasOf(original.id)), sourceRef);
      if (outcome.kind === 'quarantined') counts.quarantined += 1;
      else {
        if (outcome.kind === 'stored') counts[counted] += 1;
        link(item.id, outcome.eventId);
      }
    }
  };
  follow(
    chargebacks.awaitingReversal(),
    chargebackReversal,
    (id, e) => chargebacks.linkReversal(id, e),
    'stored',
  );
  follow(
    echeckReturns.awaitingReversal(),
    returnReversal,
    (id, e) => echeckReturns.linkReversal(id, e),
    'stored',
  );
  follow(chargebacks.awaitingRepost(), wonRepost, (id, e) => chargebacks.linkRepost(id, e), 'reposted');
  return counts;
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
  return followUpOf(original, originalExtras, {
    kind: 'refund',
    processorTxnId: `${original.processorTxnId}CB${alnum(cb.caseNumber)}${compactDate(cb.chargebackDate)}`,
    amountMinor: cb.amountMinor,
    currency: cb.currency,
    date: cb.chargebackDate,
    reasonCode: cb.reasonCode,
    extras: {
      reversal: 'chargeback' satisfies ReversalCause,
      caseNumber: cb.caseNumber,
      action: cb.action,
      chargebackReasonCode: cb.reasonCode,
      responseDueDate: cb.responseDueDate,
    },
  });
}

function returnReversal(
  ret: EcheckReturn,
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
): NewPaymentEvent {
  return followUpOf(original, originalExtras, {
    kind: 'refund',
    processorTxnId: `${original.processorTxnId}RET${ret.returnCode}${compactDate(ret.returnDate)}`,
    amountMinor: ret.amountMinor,
    currency: ret.currency,
    date: ret.returnDate,
    reasonCode: ret.returnCode,
    extras: {
      reversal: 'echeck_return' satisfies ReversalCause,
      returnCode: ret.returnCode,
      returnReason: ret.reason,
    },
  });
}

/** The payment again, for a won case: the money the chargeback took is the merchant's once more. */
function wonRepost(
  won: Chargeback & { readonly chargebackReversalEventId: number },
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
): NewPaymentEvent {
  return followUpOf(original, originalExtras, {
    kind: original.kind,
    processorTxnId: `${original.processorTxnId}WON${alnum(won.caseNumber)}${compactDate(won.chargebackDate)}`,
    amountMinor: Math.abs(won.amountMinor),
    currency: won.currency,
    date: won.chargebackDate,
    reasonCode: null,
    extras: {
      represented: 'chargeback_won',
      caseNumber: won.caseNumber,
      action: won.action,
      chargebackReversalEventId: won.chargebackReversalEventId,
    },
  });
}

interface FollowUp {
  readonly kind: PaymentEvent['kind'];
  readonly processorTxnId: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The business day of the case action or the return. */
  readonly date: string;
  readonly reasonCode: string | null;
  /** What the follow-up is (`reversal` or `represented`) and its case or return details. */
  readonly extras: Record<string, unknown>;
}

/** An event about the original payment: its account, encounter, facility, EHR and tender details. */
function followUpOf(
  original: PaymentEvent,
  originalExtras: Record<string, unknown>,
  f: FollowUp,
): NewPaymentEvent {
  // The check's own date stays the one of the check the patient wrote (Oracle Health sends it for checks).
  const checkDate = originalExtras.checkDate ?? original.effectiveDate;
  return {
    source: 'file',
    processorTxnId: f.processorTxnId,
    kind: f.kind,
    tender: original.tender,
    amountMinor: f.amountMinor,
    currency: f.currency,
    ehr: original.ehr,
    facility: original.facility,
    guarantorAccount: original.guarantorAccount,
    encounterId: original.encounterId,
    merchantRef: original.merchantRef,
    cardBrand: original.cardBrand,
    cardLast4: original.cardLast4,
    cardExpiry: original.cardExpiry,
    checkNumber: original.checkNumber,
    reasonCode: f.reasonCode,
    transactionAt: noonOf(f.date),
    effectiveDate: f.date,
    extras: {
      ...f.extras,
      originalTxnId: original.processorTxnId,
      originalEventId: original.id,
      ...(typeof checkDate === 'string' ? { checkDate } : {}),
    },
  };
}
