/**
 * A payment taken through the manual-payment workflow, entered by an operator. It is stored as a payment
 * event from the `manual` source; routing makes its posting will_not_be_sent, so it is never sent by API
 * and appears in the daily reconciliation file.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { ManualPayment, ManualPaymentResult } from '../../shared/commands/console';
import { MoneyError, parseMinor } from '../../shared/money';
import type { Clock } from '../clock';
import { guard } from '../lib/card-guard';
import type { Repositories } from '../store/repositories';
import { ApiFailure } from './dispatcher';

export interface ManualPaymentDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
}

export function enterManualPayment(
  deps: ManualPaymentDeps,
  payment: z.output<typeof ManualPayment>,
  actor: string,
): ManualPaymentResult {
  const currency = payment.currency.toUpperCase();
  let amountMinor: number;
  try {
    amountMinor = parseMinor(payment.amount, currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new ApiFailure('invalid_arguments', error.message);
    throw error;
  }
  if (amountMinor <= 0) throw new ApiFailure('invalid_arguments', 'The amount must be more than zero.');

  // Free-text fields typed by a person are where a card number slips in: refuse rather than store it.
  const { findings } = guard(
    {
      processorTxnId: payment.processorTxnId,
      facility: payment.facility,
      guarantorAccount: payment.guarantorAccount,
      encounterId: payment.encounterId,
      checkNumber: payment.checkNumber,
    },
    { trustProcessorIds: false },
  );
  if (findings.length > 0) {
    throw new ApiFailure(
      'invalid_arguments',
      'A field looks like a card number. Card numbers are never stored: enter account and receipt numbers only.',
    );
  }

  const now = deps.clock.now();
  return deps.db
    .transaction((): ManualPaymentResult => {
      const stored = deps.repos.events.insert(
        {
          source: 'manual',
          processorTxnId: payment.processorTxnId,
          kind: payment.kind,
          tender: payment.tender,
          amountMinor,
          currency,
          ehr: payment.ehr,
          facility: payment.facility,
          guarantorAccount: payment.guarantorAccount,
          encounterId: payment.encounterId || null,
          checkNumber: payment.checkNumber || null,
          transactionAt: payment.transactionAt ?? now,
          extras: { enteredBy: actor },
        },
        now,
      );
      if (!stored.created) {
        throw new ApiFailure(
          'conflict',
          `A ${payment.kind.replace(/_/g, ' ')} with transaction ${payment.processorTxnId} is already recorded.`,
        );
      }
      deps.repos.audit.append(
        {
          actor,
          action: 'payment.manual_entered',
          subjectType: 'payment_event',
          subjectId: String(stored.id),
          details: { amountMinor, currency, tender: payment.tender, ehr: payment.ehr },
        },
        now,
      );
      return { eventId: stored.id, created: true };
    })
    .immediate();
}
