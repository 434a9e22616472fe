/** Checks a payment against the modeled Epic contract (ASSUMPTION, see connectors/ehr/epic/payment-request.ts). */
import type { EventKind } from '../../../shared/domain';
import { MoneyError, parseMinor } from '../../../shared/money';
import { EPIC_TENDER } from '../../connectors/ehr/epic/payment-request';

export interface ValidPayment {
  readonly externalId: string;
  readonly kind: EventKind;
  readonly accountType: 'guarantor' | 'hospital';
  readonly accountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly method: string;
  readonly postingDate: string;
}

export type PaymentValidation =
  | { readonly ok: true; readonly value: ValidPayment }
  | {
      readonly ok: false;
      readonly status: 400 | 415 | 422;
      readonly issueCode: string;
      readonly text: string;
      readonly epicCode?: string;
    };

const METHODS = new Set(Object.values(EPIC_TENDER));

export function validateEpicPayment(
  body: string,
  contentType: string | undefined,
  currency: string,
): PaymentValidation {
  const invalid = (text: string): PaymentValidation => ({
    ok: false,
    status: 400,
    issueCode: 'invalid',
    text,
  });
  if (!/^application\/json\b/i.test(contentType ?? '')) {
    return {
      ok: false,
      status: 415,
      issueCode: 'not-supported',
      text: 'Content-Type must be application/json',
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, issueCode: 'structure', text: 'The request body is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return invalid('The body must be an object');
  const p = parsed as Record<string, unknown>;
  const text = (key: string): string | null => {
    const value = p[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };

  for (const key of [
    'ExternalTransactionID',
    'PaymentType',
    'AccountType',
    'AccountID',
    'Amount',
    'Currency',
    'PaymentMethod',
    'PostingDate',
    'BatchID',
  ]) {
    if (text(key) === null)
      return { ok: false, status: 400, issueCode: 'required', text: `${key} is required` };
  }
  const externalId = text('ExternalTransactionID') as string;
  if (!/^[A-Za-z0-9\-_.]{1,250}$/.test(externalId)) return invalid('ExternalTransactionID is not valid');
  const type = text('PaymentType');
  if (type !== 'OneTime' && type !== 'PaymentPlan') {
    return {
      ok: false,
      status: 422,
      issueCode: 'business-rule',
      text: 'Only one-time and payment-plan payments are accepted; voids and refunds go in the daily file',
      epicCode: '59159',
    };
  }
  const accountType = text('AccountType');
  if (accountType !== 'Guarantor' && accountType !== 'Hospital')
    return invalid('AccountType must be Guarantor or Hospital');
  const accountId = text('AccountID') as string;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(accountId)) return invalid('AccountID is not valid');
  const paymentCurrency = text('Currency') as string;
  let amountMinor: number;
  try {
    amountMinor = parseMinor(text('Amount') as string, paymentCurrency);
  } catch (e) {
    if (e instanceof MoneyError) return invalid(`Amount: ${e.message}`);
    throw e;
  }
  if (amountMinor <= 0) return invalid('Amount must be greater than zero');
  if (paymentCurrency !== currency) {
    return {
      ok: false,
      status: 422,
      issueCode: 'not-supported',
      text: `Currency ${paymentCurrency} is not supported`,
    };
  }
  const method = text('PaymentMethod') as string;
  if (!METHODS.has(method)) return invalid(`PaymentMethod ${method} is not supported`);
  if (method === 'CreditCard' && !/^\d{4}$/.test(text('CardLastFour') ?? ''))
    return invalid('CardLastFour is required for cards');
  const postingDate = text('PostingDate') as string;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(postingDate)) return invalid('PostingDate must be YYYY-MM-DD');
  return {
    ok: true,
    value: {
      externalId,
      kind: type === 'PaymentPlan' ? 'payment_plan' : 'one_time_payment',
      accountType: accountType === 'Guarantor' ? 'guarantor' : 'hospital',
      accountId,
      amountMinor,
      currency: paymentCurrency,
      method,
      postingDate,
    },
  };
}
