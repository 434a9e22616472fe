import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleWebhook, type WebhookDeps } from '../../../src/main/intake/cybersource/webhook-handler';
import { openTestStore, T0, type TestStore } from './store-helper';
import { CONFIG, envelope, linkTo, payload, signedHeaders } from './webhook-helper';

let t: TestStore;
let deps: WebhookDeps;

beforeEach(() => {
  t = openTestStore();
  deps = { db: t.store.db, repos: t.repos, clock: t.clock, config: CONFIG };
});
afterEach(() => t.close());

async function send(body: Record<string, unknown>, headers = signedHeaders(body, T0)) {
  return await handleWebhook(JSON.stringify(body), headers, deps);
}

function nothingStored() {
  expect(t.repos.events.count()).toBe(0);
  expect(t.repos.quarantine.openCount()).toBe(0);
  expect(t.repos.webhookDeliveries.count()).toBe(0);
}

describe('webhook authentication (nothing is stored when it fails)', () => {
  it('refuses a missing signature header', async () => {
    const body = envelope();
    const res = await handleWebhook(JSON.stringify(body), { 'content-type': 'application/json' }, deps);
    expect(res.status).toBe(401);
    expect(res.body.outcome).toBe('missing_signature');
    nothingStored();
  });

  it('refuses a malformed signature header', async () => {
    const res = await send(envelope(), { 'v-c-signature': 'sig=abc' });
    expect(res).toMatchObject({ status: 401, body: { outcome: 'malformed_signature' } });
    nothingStored();
  });

  it('refuses a signature made with the wrong key', async () => {
    const body = envelope();
    const wrong = Buffer.from('another-secret-entirely').toString('base64');
    const res = await send(body, signedHeaders(body, T0, { key: wrong }));
    expect(res).toMatchObject({ status: 401, body: { outcome: 'bad_signature' } });
    nothingStored();
  });

  it('refuses a tampered body (amount changed after signing)', async () => {
    const body = envelope();
    const headers = signedHeaders(body, T0);
    const tampered = envelope(
      payload({ orderInformation: { amountDetails: { totalAmount: '1.00', currency: 'USD' } } }),
    );
    const res = await send(tampered, headers);
    expect(res).toMatchObject({ status: 401, body: { outcome: 'bad_signature' } });
    nothingStored();
  });

  it('refuses a stale timestamp, in seconds and in milliseconds, and a future one', async () => {
    const body = envelope();
    for (const stamp of [Math.floor((T0 - 6 * 60_000) / 1000), T0 - 6 * 60_000, T0 + 6 * 60_000]) {
      const res = await send(body, signedHeaders(body, T0, { t: stamp }));
      expect(res).toMatchObject({ status: 401, body: { outcome: 'stale_timestamp' } });
    }
    nothingStored();
  });

  it('refuses an unknown key id', async () => {
    const body = envelope();
    const res = await send(body, signedHeaders(body, T0, { keyId: 'key-retired' }));
    expect(res).toMatchObject({ status: 401, body: { outcome: 'unknown_key' } });
    nothingStored();
  });

  it('refuses an envelope for another subscription even when signed with our key', async () => {
    const body = envelope(payload(), { webhookId: 'wh-other' });
    const res = await send(body);
    expect(res).toMatchObject({ status: 401, body: { outcome: 'webhook_mismatch' } });
    const res2 = await send(envelope(), { ...signedHeaders(envelope(), T0), 'v-c-webhook-id': 'wh-other' });
    expect(res2).toMatchObject({ status: 401, body: { outcome: 'webhook_mismatch' } });
    nothingStored();
  });

  it('refuses malformed JSON and a body that is not an envelope', async () => {
    const headers = signedHeaders(envelope(), T0);
    expect(await handleWebhook('{"webhookId": "wh-7a1c", "payload": {', headers, deps)).toMatchObject({
      status: 400,
      body: { outcome: 'malformed_json' },
    });
    expect(await handleWebhook('[1,2,3]', headers, deps)).toMatchObject({
      status: 400,
      body: { outcome: 'invalid_envelope' },
    });
    nothingStored();
  });

  it('accepts a timestamp in milliseconds inside the window', async () => {
    const body = envelope();
    const res = await send(body, signedHeaders(body, T0, { t: T0 - 60_000 }));
    expect(res).toMatchObject({ status: 200, body: { outcome: 'stored' } });
  });
});

describe('webhook intake after authentication', () => {
  it('stores a valid capture once; redeliveries (new trace id, retry number) create nothing new', async () => {
    const first = await send(envelope());
    expect(first).toMatchObject({ status: 200, body: { ok: true, outcome: 'stored' } });
    const again = envelope(payload(), { transactionTraceId: 'trace-0002', retryNumber: 1 });
    const second = await send(again);
    expect(second).toMatchObject({
      status: 200,
      body: { outcome: 'duplicate', eventId: first.body.eventId },
    });
    expect(t.repos.events.count()).toBe(1);
    const event = t.repos.events.findByTxn('7412345678901234567890', 'one_time_payment');
    expect(event).toMatchObject({
      source: 'webhook',
      kind: 'one_time_payment',
      tender: 'card',
      amountMinor: 12550,
      currency: 'USD',
      ehr: 'epic',
      facility: 'MAIN',
      guarantorAccount: 'G100200',
      encounterId: 'E55501',
      merchantRef: 'HB-2025-0042|ENC:E55501',
      cardBrand: 'VISA',
      cardLast4: '1111',
      cardExpiry: '2027-09',
      processorStatus: 'TRANSMITTED',
      transactionAt: Date.UTC(2025, 2, 3, 14, 55, 0),
    });
    expect(t.repos.webhookDeliveries.recent().map((d) => d.outcome)).toEqual(['duplicate', 'stored']);
  });

  it('accepts the older event-name style and the header event type', async () => {
    const older = envelope(payload({ id: 'TXN-OLD-1', status: 'AUTHORIZED' }), {
      eventType: 'payments.payments.accept',
    });
    expect((await send(older)).body.outcome).toBe('stored');
    const refund = envelope(payload({ id: 'TXN-REF-1', status: 'PENDING', ...linkTo('refunds') }), {
      eventType: 'payments.refunds.accept',
    });
    expect((await send(refund)).body.outcome).toBe('stored');
    const { eventType: _dropped, ...noType } = envelope(
      payload({ id: 'TXN-VOID-1', status: 'VOIDED', ...linkTo('voids') }),
    );
    const headers = { ...signedHeaders(noType, T0), 'v-c-event-type': 'payments.void.status.accepted' };
    expect((await send(noType, headers)).body.outcome).toBe('stored');
    expect(t.repos.events.findByTxn('TXN-OLD-1', 'one_time_payment')).toBeDefined();
    expect(t.repos.events.findByTxn('TXN-REF-1', 'refund')).toMatchObject({ amountMinor: 12550 });
    expect(t.repos.events.findByTxn('TXN-VOID-1', 'void')).toBeDefined();
  });

  it('records a decline with its reason and marks it never to be posted', async () => {
    const declined = envelope(payload({ id: 'TXN-DECL', status: 'DECLINED', reasonCode: '204' }), {
      eventType: 'payments.payments.reject',
    });
    const stored: string[] = [];
    deps = { ...deps, onEventStored: (s) => stored.push(s.disposition) };
    expect((await send(declined)).body).toMatchObject({
      outcome: 'stored',
      message: expect.stringContaining('not be posted') as unknown,
    });
    expect(stored).toEqual(['declined']);
    const row = t.store.db
      .prepare<[], { extras: string; reason_code: string }>(
        "SELECT extras, reason_code FROM payment_events WHERE processor_txn_id = 'TXN-DECL'",
      )
      .get();
    expect(row?.reason_code).toBe('204');
    expect(JSON.parse(row?.extras ?? '{}')).toMatchObject({
      reasonText: 'The account does not have enough funds.',
    });
  });

  it('quarantines a card number in free text, masked, and never writes it to the database', async () => {
    const pan = '4111 1111 1111 1111';
    const p = payload({
      id: 'TXN-PAN',
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: 'G1' },
        { key: 'note', value: `patient read card ${pan} over the phone` },
      ],
    });
    const res = await send(envelope(p));
    expect(res).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    expect(t.repos.events.count()).toBe(0);
    const q = t.store.db
      .prepare<[], { reason_code: string; reason: string; redacted_input: string }>(
        'SELECT reason_code, reason, redacted_input FROM quarantined_inputs',
      )
      .get();
    expect(q?.reason_code).toBe('card_number');
    expect(q?.reason).toContain('ending 1111');
    expect(q?.redacted_input).toContain('**** **** **** 1111');
    const bytes = t.bytes();
    expect(bytes.includes('4111111111111111')).toBe(false);
    expect(bytes.includes(pan)).toBe(false);
    // A redelivery lands on the same quarantine entry.
    expect(
      (await send(envelope(p, { transactionTraceId: 'trace-9', retryNumber: 2 }))).body.quarantineId,
    ).toBe(res.body.quarantineId);
    expect(t.repos.quarantine.openCount()).toBe(1);
  });

  it('quarantines a CVV field and removes its value', async () => {
    const p = payload({
      id: 'TXN-CVV',
      paymentInformation: { card: { type: '001', suffix: '1111', securityCode: '737' } },
    });
    expect((await send(envelope(p))).body.outcome).toBe('quarantined');
    const q = t.store.db
      .prepare<[], { reason_code: string; redacted_input: string }>(
        'SELECT reason_code, redacted_input FROM quarantined_inputs',
      )
      .get();
    expect(q?.reason_code).toBe('cvv');
    expect(q?.redacted_input).not.toContain('737');
  });

  it.each([
    [
      'unknown currency',
      { orderInformation: { amountDetails: { totalAmount: '10.00', currency: 'XYZ' } } },
      'unknown_currency',
    ],
    [
      'missing currency',
      { orderInformation: { amountDetails: { totalAmount: '10.00' } } },
      'unknown_currency',
    ],
    [
      'too-precise amount',
      { orderInformation: { amountDetails: { totalAmount: '10.005', currency: 'USD' } } },
      'too_precise',
    ],
    [
      'JPY with decimals',
      { orderInformation: { amountDetails: { totalAmount: '1500.5', currency: 'JPY' } } },
      'too_precise',
    ],
    [
      'numeric amount',
      { orderInformation: { amountDetails: { totalAmount: 10.5, currency: 'USD' } } },
      'invalid_amount',
    ],
    [
      'zero amount',
      { orderInformation: { amountDetails: { totalAmount: '0.00', currency: 'USD' } } },
      'zero_amount',
    ],
    ['unknown status', { status: 'SOMETHING_NEW' }, 'unknown_status'],
    ['review', { status: 'PENDING_REVIEW' }, 'processor_review'],
    ['no id', { id: undefined }, 'invalid_payload'],
    [
      'unknown EHR',
      {
        merchantDefinedInformation: [
          { key: 'facility', value: 'MAIN' },
          { key: 'ehr', value: 'Meditech' },
        ],
      },
      'unknown_ehr',
    ],
    ['no facility', { merchantDefinedInformation: [{ key: 'ehr', value: 'epic' }] }, 'missing_facility'],
    ['bad date', { submitTimeUtc: 'yesterday' }, 'invalid_date'],
  ])('quarantines with a reason: %s', async (_name, overrides, code) => {
    const body = envelope(payload(overrides), { eventDate: undefined });
    const res = await send(body);
    expect(res).toMatchObject({ status: 200, body: { outcome: 'quarantined' } });
    const q = t.store.db
      .prepare<[], { reason_code: string; reason: string }>(
        'SELECT reason_code, reason FROM quarantined_inputs',
      )
      .get();
    expect(q?.reason_code).toBe(code);
    expect(q?.reason.length).toBeGreaterThan(10);
  });

  it('quarantines unknown event types and authorization reversals rather than dropping them', async () => {
    expect(
      (
        await send(
          envelope(payload({ id: 'A1', ...linkTo('reversals') }), { eventType: 'payments.reversals.accept' }),
        )
      ).body.outcome,
    ).toBe('quarantined');
    expect(
      (await send(envelope(payload({ id: 'A2' }), { eventType: 'invoices.created' }))).body.outcome,
    ).toBe('quarantined');
    const codes = t.store.db
      .prepare<[], { c: string }>('SELECT reason_code AS c FROM quarantined_inputs ORDER BY id')
      .all();
    expect(codes.map((r) => r.c)).toEqual(['not_a_payment', 'unknown_event_type']);
  });

  it('maps a payment-plan installment and uses site defaults for facility and EHR', async () => {
    deps = { ...deps, config: { ...CONFIG, defaultFacility: 'NORTH', defaultEhr: 'oracle_health' } };
    const p = payload({
      id: 'TXN-PLAN',
      merchantDefinedInformation: [
        { key: '1', value: 'G9' },
        { key: '5', value: 'PLAN-3' },
      ],
    });
    expect((await send(envelope(p))).body.outcome).toBe('stored');
    expect(t.repos.events.findByTxn('TXN-PLAN', 'payment_plan')).toMatchObject({
      facility: 'NORTH',
      ehr: 'oracle_health',
      guarantorAccount: 'G9',
    });
  });

  it('answers 500 when the store cannot take the event, so the processor redelivers', async () => {
    t.store.db.exec(
      'CREATE TRIGGER fail_insert BEFORE INSERT ON payment_events BEGIN SELECT RAISE(ABORT, "disk full"); END',
    );
    const res = await send(envelope());
    expect(res).toMatchObject({ status: 500, body: { outcome: 'storage_failed' } });
    expect(t.repos.webhookDeliveries.count()).toBe(0);
  });
});
