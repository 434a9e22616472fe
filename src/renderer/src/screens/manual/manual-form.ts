/** The manual payment form's fields, as typed (strings), and their starting values. */
import type { EhrSystem, EventKind, Tender } from '../../../../shared/domain';

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
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
