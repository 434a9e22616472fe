import { signWebhook } from '../../../src/main/intake/cybersource/signature';
import type { CybersourceWebhookConfig } from '../../../src/main/intake/cybersource/webhook-config';
import { DEFAULT_FIELD_RULES } from '../../../src/main/intake/cybersource/webhook-config';

export const KEY = Buffer.from('clearpost-test-shared-secret-0123456789').toString('base64');
export const KEY_ID = 'key-test-1';
export const WEBHOOK_ID = 'wh-7a1c';

export const CONFIG: CybersourceWebhookConfig = {
  subscriptions: [{ webhookId: WEBHOOK_ID, keyId: KEY_ID, key: KEY }],
  fieldRules: DEFAULT_FIELD_RULES,
  defaultFacility: null,
  defaultEhr: null,
};

export function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    // The resource's own link says what it is (a capture), under the signature (signed-kind.ts).
    _links: { self: { href: '/pts/v2/captures/7412345678901234567890', method: 'GET' } },
    id: '7412345678901234567890',
    status: 'TRANSMITTED',
    submitTimeUtc: '2025-03-03T14:55:00Z',
    reconciliationId: 'R-55120',
    clientReferenceInformation: { code: 'HB-2025-0042' },
    orderInformation: { amountDetails: { totalAmount: '125.50', currency: 'USD' } },
    paymentInformation: {
      card: { type: '001', suffix: '1111', expirationMonth: '09', expirationYear: '2027' },
      customer: { id: 'CUST-TOKEN-9' },
    },
    merchantDefinedInformation: [
      { key: 'guarantorAccount', value: 'G100200' },
      { key: 'encounterId', value: 'E55501' },
      { key: 'facility', value: 'MAIN' },
      { key: 'ehr', value: 'Epic' },
    ],
    ...overrides,
  };
}

/** The link of a resource of another kind (refund, void, ...). */
export function linkTo(collection: 'captures' | 'refunds' | 'credits' | 'voids' | 'reversals' | 'payments') {
  return { _links: { self: { href: `/pts/v2/${collection}/1`, method: 'GET' } } };
}

export function envelope(
  p: unknown = payload(),
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    webhookId: WEBHOOK_ID,
    transactionTraceId: 'trace-0001',
    eventType: 'payments.capture.status.accepted',
    eventDate: '2025-03-03T14:55:01Z',
    retryNumber: 0,
    payload: p,
    ...overrides,
  };
}

/** Headers for a body signed now (seconds), unless told otherwise. */
export function signedHeaders(
  body: { payload?: unknown },
  now: number,
  options: { key?: string; keyId?: string; t?: number | string } = {},
): Record<string, string> {
  const t = options.t ?? Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'v-c-signature': signWebhook(body, options.key ?? KEY, options.keyId ?? KEY_ID, t),
    'v-c-webhook-id': WEBHOOK_ID,
  };
}
