/** Checks a payment against the modeled Epic contract (ASSUMPTION, see connectors/ehr/epic/payment-request.ts). */
import { MoneyError, parseMinor } from '../../../shared/money';
import { EPIC_CODES } from '../../connectors/ehr/epic/epic-codes';
import { EPIC_TENDER } from '../../connectors/ehr/epic/payment-request';
import type { ValidPosting } from '../admit-posting';
import { bad, Invalid, readBody, required, rule, validated, type Validation } from '../validation';

const METHODS = new Set(Object.values(EPIC_TENDER));
const REQUIRED = [
  'ExternalTransactionID',
  'PaymentType',
  'AccountType',
  'AccountID',
  'Amount',
  'Currency',
  'PaymentMethod',
  'PostingDate',
  'BatchID',
] as const;

const JSON_MEDIA = {
  name: 'application/json',
  accepts: (contentType: string | undefined) => /^application\/json\b/i.test(contentType ?? ''),
  parse: (text: string): unknown => JSON.parse(text),
};

function validate(body: string, contentType: string | undefined, currency: string): ValidPosting {
  const parsed = readBody(body, contentType, JSON_MEDIA);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('The body must be an object');
  const p = parsed as Record<string, unknown>;
  const text = (key: string): string | null => {
    const value = p[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const field = (key: (typeof REQUIRED)[number]): string => {
    const value = text(key);
    if (value === null) throw required(`${key} is required`);
    return value;
  };
  // Every missing field is named in the contract's order before any value is judged.
  for (const key of REQUIRED) field(key);
  const externalId = field('ExternalTransactionID');
  const type = field('PaymentType');
  const accountType = field('AccountType');
  const accountId = field('AccountID');
  const paymentCurrency = field('Currency');
  const method = field('PaymentMethod');
  const postingDate = field('PostingDate');

  if (!/^[A-Za-z0-9\-_.]{1,250}$/.test(externalId)) throw bad('ExternalTransactionID is not valid');
  if (type !== 'OneTime' && type !== 'PaymentPlan') {
    throw rule(
      'Only one-time and payment-plan payments are accepted; voids and refunds go in the daily file',
      EPIC_CODES.businessRule,
    );
  }
  if (accountType !== 'Guarantor' && accountType !== 'Hospital')
    throw bad('AccountType must be Guarantor or Hospital');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(accountId)) throw bad('AccountID is not valid');
  let amountMinor: number;
  try {
    amountMinor = parseMinor(field('Amount'), paymentCurrency);
  } catch (e) {
    if (e instanceof MoneyError) throw bad(`Amount: ${e.message}`);
    throw e;
  }
  if (amountMinor <= 0) throw bad('Amount must be greater than zero');
  if (paymentCurrency !== currency)
    throw new Invalid(422, 'not-supported', `Currency ${paymentCurrency} is not supported`);
  if (!METHODS.has(method)) throw bad(`PaymentMethod ${method} is not supported`);
  if (method === 'CreditCard' && !/^\d{4}$/.test(text('CardLastFour') ?? ''))
    throw bad('CardLastFour is required for cards');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(postingDate)) throw bad('PostingDate must be YYYY-MM-DD');
  return {
    externalId,
    kind: type === 'PaymentPlan' ? 'payment_plan' : 'one_time_payment',
    // A guarantor payment posts to the account; a hospital-account payment to the visit.
    targetType: accountType === 'Guarantor' ? 'account' : 'encounter',
    targetId: accountId,
    target: `${accountType}/${accountId}`,
    amountMinor,
    currency: paymentCurrency,
    method,
  };
}

export function validateEpicPayment(
  body: string,
  contentType: string | undefined,
  currency: string,
): Validation<ValidPosting> {
  return validated(() => validate(body, contentType, currency));
}
