/** The manual payment form's fields, as typed (strings), their starting values, and the command they make. */
import type { CommandArgs } from '../../../../shared/contract';
import type { EhrSystem, EventKind, Tender } from '../../../../shared/domain';
import { localIsoDay } from '../../format';
import { localDayStart } from '../exceptions/filter-query';

export interface Form {
  processorTxnId: string;
  kind: EventKind;
  tender: Tender;
  amount: string;
  ehr: EhrSystem;
  facility: string;
  guarantorAccount: string;
  encounterId: string;
  checkNumber: string;
  date: string;
}

export const EMPTY: Form = {
  processorTxnId: '',
  kind: 'one_time_payment',
  tender: 'manual_check',
  amount: '',
  ehr: 'epic',
  facility: '',
  guarantorAccount: '',
  encounterId: '',
  checkNumber: '',
  date: '',
};

/** Today in the console's time zone as `YYYY-MM-DD`: the date field shows the default it will use. */
export function today(): string {
  return localIsoDay(Date.now());
}

/** The date travels as `transactionAt`; every other argument is typed in the field of its name. */
export const MANUAL_FIELDS = { transactionAt: 'date' } as const;

/** What was typed, as `payments.enterManual` arguments: empty optional fields are left out. */
export function manualPaymentArgs(form: Form): CommandArgs<'payments.enterManual'> {
  const day = form.date ? localDayStart(form.date) : null;
  return {
    processorTxnId: form.processorTxnId,
    kind: form.kind,
    tender: form.tender,
    amount: form.amount.replace(/[$,\s]/g, ''),
    ehr: form.ehr,
    facility: form.facility,
    guarantorAccount: form.guarantorAccount,
    ...(form.encounterId.trim() ? { encounterId: form.encounterId } : {}),
    ...(form.checkNumber.trim() ? { checkNumber: form.checkNumber } : {}),
    // Noon keeps the payment on the chosen day in any nearby time zone.
    ...(day !== null ? { transactionAt: day + 12 * 3_600_000 } : {}),
  };
}
