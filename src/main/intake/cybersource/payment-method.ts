/** Tender and the card details PCI DSS allows us to keep (brand, last four, expiry) from a payload. */
import type { Tender } from '../../../shared/domain';
import { normalizeCardBrand } from '../canonical/card-brand';
import type { PaymentPayload } from './envelope';

export interface PaymentMethod {
  readonly tender: Tender;
  readonly cardBrand: string | null;
  readonly cardLast4: string | null;
  readonly cardExpiry: string | null;
  /**
   * eCheck: `bank.account.checkNumber`, which Oracle Health requires for a check tender. Kept only when it is
   * usable as one (letters, digits, dashes, at most 30); otherwise null, and `checkNumberUnusable` says so.
   */
  readonly checkNumber: string | null;
  readonly checkNumberUnusable: boolean;
  /** Token Management Service references: the only card reference we store. */
  readonly tokens: Readonly<Record<string, string>>;
}

export function readPaymentMethod(info: PaymentPayload['paymentInformation']): PaymentMethod {
  const tokens: Record<string, string> = {};
  if (info?.customer?.id) tokens.customerId = info.customer.id;
  if (info?.paymentInstrument?.id) tokens.paymentInstrumentId = info.paymentInstrument.id;
  if (info?.instrumentIdentifier?.id) tokens.instrumentIdentifierId = info.instrumentIdentifier.id;
  const typeName = info?.paymentType?.name?.toUpperCase() ?? '';
  const noCheck = { checkNumber: null, checkNumberUnusable: false };
  if (info?.bank || /CHECK|BANK|ACH/.test(typeName)) {
    const raw = info?.bank?.account?.checkNumber;
    const text = raw === undefined ? '' : String(raw).trim();
    const usable = /^[A-Za-z0-9-]{1,30}$/.test(text);
    return {
      tender: 'echeck',
      cardBrand: null,
      cardLast4: null,
      cardExpiry: null,
      checkNumber: usable ? text : null,
      checkNumberUnusable: text !== '' && !usable,
      tokens,
    };
  }
  if (typeName.includes('PAYPAL'))
    return { tender: 'paypal', cardBrand: null, cardLast4: null, cardExpiry: null, ...noCheck, tokens };
  const card = info?.card ?? info?.tokenizedCard;
  const suffix = card?.suffix?.trim() ?? '';
  return {
    tender: 'card',
    cardBrand: normalizeCardBrand(card?.type ?? card?.brand ?? null),
    cardLast4: /^\d{4}$/.test(suffix) ? suffix : null,
    cardExpiry: expiry(card?.expirationYear, card?.expirationMonth),
    ...noCheck,
    tokens,
  };
}

function expiry(year: string | number | undefined, month: string | number | undefined): string | null {
  const y = String(year ?? '').trim();
  const m = String(month ?? '')
    .trim()
    .padStart(2, '0');
  if (!/^\d{4}$/.test(y) || !/^(0[1-9]|1[0-2])$/.test(m)) return null;
  return `${y}-${m}`;
}
