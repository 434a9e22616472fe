/**
 * Property-based fuzzing of both entry points: whatever arrives, nothing crashes, and every authenticated
 * webhook and every CSV row ends stored, duplicate or quarantined with a reason — never silently dropped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleWebhook } from '../../../src/main/intake/cybersource/webhook-handler';
import { DEFAULT_INTAKE_CONFIG } from '../../../src/main/intake/cybersource/webhook-config';
import { importFile } from '../../../src/main/intake/reports/import-file';
import { openTestStore, T0, type TestStore } from './store-helper';
import { CONFIG, envelope, payload, signedHeaders } from './webhook-helper';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', '0', '-1', '12.345', '1e3', 'USD', 'JPY', 'DECLINED', '4111111111111111', '10.00'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Payloads near the real shape, with any field replaced by anything. */
const payloadArb = fc
  .record(
    {
      id: anyValue,
      status: anyValue,
      submitTimeUtc: anyValue,
      orderInformation: fc.oneof(
        anyValue,
        fc.record({
          amountDetails: fc.record({ totalAmount: anyValue, currency: anyValue }, { requiredKeys: [] }),
        }),
      ),
      merchantDefinedInformation: fc.oneof(
        anyValue,
        fc.array(fc.record({ key: anyValue, value: anyValue }), { maxLength: 4 }),
      ),
      paymentInformation: anyValue,
    },
    { requiredKeys: [] },
  )
  .map((overrides) => payload(overrides));

const eventTypeArb = fc.oneof(
  fc.constantFrom(
    'payments.capture.status.accepted',
    'payments.refund.status.updated',
    'payments.void.status.accepted',
    'payments.payments.accept',
    'payments.refunds.accept',
  ),
  fc.string(),
);

describe('webhook fuzzing', () => {
  it('every signed delivery is answered 2xx and ends stored, duplicate or quarantined', async () => {
    let deliveries = 0;
    await fc.assert(
      fc.asyncProperty(payloadArb, eventTypeArb, async (p, eventType) => {
        const body = envelope(p, { eventType });
        const res = await handleWebhook(JSON.stringify(body), signedHeaders(body, T0), {
          db: t.store.db,
          repos: t.repos,
          clock: t.clock,
          config: CONFIG,
        });
        deliveries += 1;
        expect(res.status).toBe(200);
        expect(['stored', 'duplicate', 'quarantined']).toContain(res.body.outcome);
      }),
      { numRuns: 300 },
    );
    expect(t.repos.webhookDeliveries.count()).toBe(deliveries);
    const reasons = t.store.db
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM quarantined_inputs WHERE reason = '' OR reason_code = ''",
      )
      .get();
    expect(reasons?.n).toBe(0);
  });

  it('arbitrary bodies and headers never crash and are refused before anything is stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 400 }),
        fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 80 })),
        async (raw, headers) => {
          const res = await handleWebhook(raw, headers, {
            db: t.store.db,
            repos: t.repos,
            clock: t.clock,
            config: CONFIG,
          });
          expect(res.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 300 },
    );
    expect(t.repos.events.count() + t.repos.quarantine.openCount()).toBe(0);
  });
});

describe('CSV row fuzzing', () => {
  const header =
    'batch_id,batch_date,request_id,merchant_ref_number,payment_method,currency,amount,transaction_type';
  const junkField = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('"', '""', '"a,b"', 'x"y', '\r', ',', '\n', '4111 1111 1111 1111', 'cvv 123'),
  );

  it('every row ends imported or quarantined; valid rows are never lost', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant(null), fc.array(junkField, { minLength: 0, maxLength: 10 })), {
          minLength: 1,
          maxLength: 40,
        }),
        async (rows) => {
          run += 1;
          const ids: string[] = [];
          const lines = [header];
          rows.forEach((row, i) => {
            if (row === null) {
              const id = `F${String(run)}-${String(i)}`;
              ids.push(id);
              lines.push(`1,2025-03-02,${id},REF-${String(i)},Visa,USD,${String(i + 1)}.00,ics_bill`);
            } else {
              lines.push(row.join(','));
            }
          });
          const path = join(t.dir, `fuzz-${String(run)}.csv`);
          writeFileSync(path, lines.join('\n'));
          const before = { events: t.repos.events.count(), quarantined: t.repos.quarantine.openCount() };
          const summary = await importFile(
            path,
            {},
            {
              db: t.store.db,
              repos: t.repos,
              clock: t.clock,
              config: { ...DEFAULT_INTAKE_CONFIG, defaultFacility: 'F', defaultEhr: 'epic' },
            },
          );
          expect(summary.rows).toBe(summary.imported + summary.quarantined + summary.duplicates);
          expect(t.repos.events.count() - before.events).toBe(summary.imported);
          expect(t.repos.quarantine.openCount() - before.quarantined).toBe(summary.quarantined);
          // A valid row is stored, or (when a broken quote upstream swallowed it) kept inside a quarantined input.
          const quarantined = t.store.db
            .prepare<[], { r: string }>('SELECT redacted_input AS r FROM quarantined_inputs')
            .all()
            .map((q) => q.r)
            .join('\n');
          for (const id of ids) {
            const stored = t.repos.events.findByTxn(id, 'one_time_payment') !== undefined;
            expect(stored || quarantined.includes(id), id).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
