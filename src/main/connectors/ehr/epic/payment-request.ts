/**
 * The modeled Epic payment request (ASSUMPTION): Epic's Interconnect billing services are not
 * public, so this is a plain JSON contract carrying what any such service needs: the account, amount, tender,
 * external transaction id, batch and posting date. Only one-time and payment-plan payments go by API; voids
 * and refunds go in Epic's daily file. Amounts are decimal strings written from integer minor units.
 */
import type { Tender } from '../../../../shared/domain';
import { formatMinor } from '../../../../shared/money';
import type { EpicConnectionConfig } from '../config';
import { ehrError } from '../errors';
import { externalIdFor } from '../external-id';
import { localDate } from '../../../lib/time-zone';
import type { EhrError, PostableEvent } from '../types';

export const EPIC_TENDER: Readonly<Record<Tender, string>> = {
  card: 'CreditCard',
  echeck: 'ElectronicCheck',
  manual_check: 'Check',
  cash: 'Cash',
  paypal: 'PayPal',
};

export interface EpicPaymentRequest {
  readonly ExternalTransactionID: string;
  readonly PaymentType: 'OneTime' | 'PaymentPlan';
  readonly AccountType: 'Guarantor' | 'Hospital';
  readonly AccountID: string;
  readonly Amount: string;
  readonly Currency: string;
  readonly PaymentMethod: string;
  readonly PostingDate: string;
  readonly BatchID: string;
  readonly Facility: string;
  readonly CardBrand?: string;
  readonly CardLastFour?: string;
  readonly CardExpiration?: string;
  readonly CheckNumber?: string;
  readonly MerchantReference?: string;
}

export type MappedPayment =
  | { readonly ok: true; readonly externalId: string; readonly body: string }
  | { readonly ok: false; readonly error: EhrError };

const ACCOUNT_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const EXTERNAL_ID = /^[A-Za-z0-9\-_.]{1,250}$/;

function refuse(message: string): MappedPayment {
  return { ok: false, error: ehrError('mapping_failed', { message }) };
}

export function mapEpicPayment(event: PostableEvent, config: EpicConnectionConfig): MappedPayment {
  if (event.ehr !== 'epic') return refuse(`This payment is routed to ${event.ehr}, not Epic.`);
  if (event.kind === 'void' || event.kind === 'refund') {
    return {
      ok: false,
      error: ehrError('not_by_api', { message: `Epic takes ${event.kind}s in its daily file, not by API.` }),
    };
  }
  if (event.currency !== config.currency) {
    return refuse(`The payment is in ${event.currency}; this Epic connection posts ${config.currency}.`);
  }
  if (!Number.isSafeInteger(event.amountMinor) || event.amountMinor <= 0) {
    return refuse('The amount must be a whole, positive number of minor units.');
  }
  const externalId = externalIdFor(event);
  if (!EXTERNAL_ID.test(externalId))
    return refuse('The processor transaction id is not usable as an Epic external id.');

  const guarantor = event.guarantorAccount
    ? { type: 'Guarantor' as const, id: event.guarantorAccount }
    : null;
  const hospital = event.encounterId ? { type: 'Hospital' as const, id: event.encounterId } : null;
  const account =
    config.accountPreference === 'guarantor_first' ? (guarantor ?? hospital) : (hospital ?? guarantor);
  if (!account || !ACCOUNT_ID.test(account.id))
    return refuse('The payment has no valid guarantor or hospital account.');

  const postingDate = localDate(event.transactionAt, config.timeZone);
  const request: EpicPaymentRequest = {
    ExternalTransactionID: externalId,
    PaymentType: event.kind === 'payment_plan' ? 'PaymentPlan' : 'OneTime',
    AccountType: account.type,
    AccountID: account.id,
    Amount: formatMinor(event.amountMinor, event.currency),
    Currency: event.currency,
    PaymentMethod: EPIC_TENDER[event.tender],
    PostingDate: postingDate,
    // One batch per facility and posting day, as cash posters reconcile them.
    BatchID: `${config.batchPrefix}-${postingDate.replaceAll('-', '')}-${event.facility}`.slice(0, 60),
    Facility: event.facility,
    ...(event.tender === 'card'
      ? {
          ...(event.cardBrand ? { CardBrand: event.cardBrand } : {}),
          ...(event.cardLast4 ? { CardLastFour: event.cardLast4 } : {}),
          ...(event.cardExpiry ? { CardExpiration: event.cardExpiry } : {}),
        }
      : {}),
    ...((event.tender === 'manual_check' || event.tender === 'echeck') && event.checkNumber
      ? { CheckNumber: event.checkNumber }
      : {}),
    ...(event.merchantRef ? { MerchantReference: event.merchantRef } : {}),
  };
  return { ok: true, externalId, body: JSON.stringify(request) };
}
