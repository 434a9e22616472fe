import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guard, isCvvKey } from '../../../src/main/lib/card-guard';
import { redactText } from '../../../src/main/lib/card-text';
import { cardBrandIfPan } from '../../../src/main/lib/card-number';
import { panArb, writtenCardArb } from '../../helpers/card-fuzz';

/** The PAN as people write it: plain, in groups of four, with spaces or dashes. */
const formattedArb = fc.tuple(panArb, fc.constantFrom('', ' ', '-', ' - ')).map(([{ pan, brand }, sep]) => ({
  pan,
  brand,
  text: sep === '' ? pan : (pan.match(/.{1,4}/g) ?? []).join(sep),
}));

const wordsArb = fc
  .array(fc.constantFrom('payment', 'for', 'acct', 'MRN', 'note:', 'called', 'x', 'ref#', 'Jane'), {
    maxLength: 6,
  })
  .map((w) => w.join(' '));

describe('card numbers', () => {
  it('recognises the test PANs of every brand and refuses near misses', () => {
    expect(cardBrandIfPan('4111111111111111')).toBe('visa');
    expect(cardBrandIfPan('5555555555554444')).toBe('mastercard');
    expect(cardBrandIfPan('2223003122003222')).toBe('mastercard');
    expect(cardBrandIfPan('378282246310005')).toBe('amex');
    expect(cardBrandIfPan('6011111111111117')).toBe('discover');
    expect(cardBrandIfPan('3530111333300000')).toBe('jcb');
    expect(cardBrandIfPan('30569309025904')).toBe('diners');
    expect(cardBrandIfPan('6200000000000005')).toBe('unionpay');
    expect(cardBrandIfPan('4111111111111112')).toBeNull(); // Luhn fails
    expect(cardBrandIfPan('1111111111111117')).toBeNull(); // no brand starts with 1
    expect(cardBrandIfPan('411111111111')).toBeNull(); // 12 digits
    expect(cardBrandIfPan('41111111111111111111')).toBeNull(); // 20 digits
  });

  it('masks a PAN anywhere in free text to its last four, keeping separators', () => {
    const { text, findings } = redactText('Pt paid w/ card 4111-1111-1111-1111, exp 09/27. thanks');
    expect(text).toBe('Pt paid w/ card ****-****-****-1111, exp 09/27. thanks');
    expect(findings).toEqual([{ kind: 'card_number', brand: 'visa', last4: '1111' }]);
  });

  it('finds a PAN inside a longer run of digit groups', () => {
    const { text } = redactText('acct 12345 4111 1111 1111 1111 ok');
    expect(text).toBe('acct 12345 **** **** **** 1111 ok');
  });

  it('property: every formatted PAN in surrounding text is caught and no longer present', () => {
    fc.assert(
      fc.property(formattedArb, wordsArb, wordsArb, ({ pan, brand, text }, before, after) => {
        const input = `${before} ${text} ${after}`;
        const result = redactText(input);
        expect(result.findings.some((f) => f.kind === 'card_number' && f.last4 === pan.slice(-4))).toBe(true);
        expect(result.findings.find((f) => f.kind === 'card_number')?.brand).toBe(brand);
        expect(result.text.replace(/\D/g, '')).not.toContain(pan);
        expect(result.text.endsWith(after)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: PANs nested anywhere in objects, arrays and keys are caught; the copy holds no PAN', () => {
    const jsonWithPan = fc
      .tuple(panArb, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('value', 'key', 'number', 'array'))
      .map(([{ pan }, base, where]) => {
        const holder =
          where === 'value'
            ? { deep: { note: `card ${pan}` } }
            : where === 'key'
              ? { [pan]: 'x' }
              : where === 'number' && Number.isSafeInteger(Number(pan))
                ? { n: Number(pan) }
                : { list: ['a', pan] };
        return { pan, value: { base, holder } };
      });
    fc.assert(
      fc.property(jsonWithPan, ({ pan, value }) => {
        const { redacted, findings } = guard(value);
        expect(findings.length).toBeGreaterThan(0);
        expect(JSON.stringify(redacted)).not.toContain(pan);
      }),
      { numRuns: 300 },
    );
  });

  it('property: input with no 13+ digit run passes through unchanged', () => {
    const safe = fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => !/\d{13}/.test(JSON.stringify(v).replace(/[ -]/g, '')));
    fc.assert(
      fc.property(safe, (value) => {
        const { redacted, findings } = guard(value);
        if (findings.length === 0) expect(redacted).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('property: redaction is idempotent', () => {
    fc.assert(
      fc.property(formattedArb, wordsArb, ({ text }, words) => {
        const once = redactText(`${words} ${text}`).text;
        expect(redactText(once)).toEqual({ text: once, findings: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('does not flag Luhn-invalid or brandless numbers (claim, MRN, request ids)', () => {
    for (const text of [
      'MRN 000123456789',
      'claim 1234567890123',
      'req 7412345678901234567890',
      'phone 555-867-5309 x 1234',
    ]) {
      expect(redactText(text).findings).toEqual([]);
    }
  });

  it('refuses numbers too large to check exactly rather than trusting them', () => {
    // eslint-disable-next-line no-loss-of-precision -- the test needs a number that lost its digits when parsed
    const { redacted, findings } = guard({ n: 41111111111111111111 });
    expect(findings[0]?.kind).toBe('unscannable');
    expect(JSON.stringify(redacted)).not.toContain('4111111111111');
  });
});

describe('card security codes', () => {
  it.each([
    'cvv',
    'CVV2',
    'cvc',
    'cvn',
    'securityCode',
    'card_code',
    'cardCode',
    'card-security-code',
    'cardVerificationValue',
    'card_cvv',
  ])('treats %s as a CVV key', (key) => {
    expect(isCvvKey(key)).toBe(true);
    const { redacted, findings } = guard({ payment: { [key]: '123' } });
    expect(findings).toEqual([{ kind: 'cvv', path: `$.payment.${key}`, brand: null, last4: null }]);
    expect(JSON.stringify(redacted)).not.toContain('123');
  });

  it('catches a CVV named by a {key, value} pair and labelled in free text', () => {
    const pair = guard({ merchantDefinedInformation: [{ key: 'cvv', value: '4321' }] });
    expect(pair.findings.map((f) => f.kind)).toEqual(['cvv']);
    expect(JSON.stringify(pair.redacted)).not.toContain('4321');
    const text = redactText('patient gave CVV: 737 on the phone');
    expect(text.text).toBe('patient gave CVV: *** on the phone');
    expect(text.findings).toEqual([{ kind: 'cvv', brand: null, last4: null }]);
  });

  it('leaves CVN result codes and empty values alone', () => {
    for (const value of [
      { cvnResult: 'M' },
      { cardVerification: { resultCode: 'P' } },
      { cvv: '' },
      { securityCodeIndicator: 'present' },
    ]) {
      expect(guard(value).findings).toEqual([]);
    }
  });
});

describe('one guard for every way a card number is written (issue 20)', () => {
  it('property: a card in any style (separators, letters, full-width digits) is caught and masked', () => {
    fc.assert(
      fc.property(writtenCardArb, wordsArb, wordsArb, (card, before, after) => {
        const result = redactText(`${before} ${card.written} ${after}`);
        const found = result.findings.find((f) => f.kind === 'card_number');
        expect(found, `${card.style}: ${JSON.stringify(card.written)}`).toMatchObject({
          brand: card.brand,
          last4: card.pan.slice(-4),
        });
        expect(result.text.normalize('NFKC').replace(/\D/g, '')).not.toContain(card.pan.slice(0, -4));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each([
    ['4111.1111.1111.1111', '****.****.****.1111'],
    ['4111/1111/1111/1111', '****/****/****/1111'],
    ['4111_1111_1111_1111', '****_****_****_1111'],
    ['4111\u00a01111\u00a01111\u00a01111', '**** **** **** 1111'],
    ['4111\r\n1111\n1111\n1111', '****\r\n****\n****\n1111'],
    ['4111    1111    1111    1111', '****    ****    ****    1111'],
    ['4111 q 1111 ab 1111-k-1111', '**** q **** ab ****-k-1111'],
    ['４１１１－１１１１－１１１１－１１１１', '****-****-****-1111'],
  ])('masks %j', (text, masked) => {
    expect(redactText(`card ${text} ok`).text).toBe(`card ${masked} ok`);
  });

  // Intl writes digits in each script's numbering system (CLDR), so the test's digits are not hand-typed.
  it.each(['arab', 'arabext', 'beng', 'deva', 'thai', 'mymr', 'tamldec', 'khmr', 'adlm', 'mathsans'])(
    'masks a card typed in %s digits and reads its last four',
    (system) => {
      const group = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false }).format(4242);
      const card = [group, group, group, group].join(' ');
      expect(card).not.toMatch(/[0-9]/);
      const result = redactText(`card ${card} ok`);
      expect(result.text).toBe('card **** **** **** 4242 ok');
      expect(result.findings).toEqual([{ kind: 'card_number', brand: 'visa', last4: '4242' }]);
    },
  );

  it('leaves dates, times, amounts, phone extensions, lists and hex tokens alone', () => {
    for (const text of [
      '2025-03-03T14:55:00Z',
      'paid 03/04/2025 14:55:00',
      'amounts 1,234.56 and 7,890.12',
      'call 555-867-5309 x 1234',
      'accounts 123456, 789012, 345678',
      'either 5512345 or 6543210',
      'token F45FB3E443AC3C57E053A2598D0A9CFF',
      'object 507f1f77bcf86cd799439011',
    ]) {
      expect(redactText(text).findings, text).toEqual([]);
    }
  });

  it('never takes a UUID for a card: 0 of 1,000,000 random UUIDs flagged', ({ annotate }) => {
    let flagged = 0;
    for (let i = 0; i < 1_000_000; i += 1) if (redactText(randomUUID()).findings.length > 0) flagged += 1;
    void annotate(`random UUIDs flagged: ${String(flagged)} of 1,000,000`);
    expect(flagged).toBe(0);
    // Its first three groups joined (4111111111114008) are a Luhn-valid Visa number: the old guard flagged it.
    expect(redactText('trace 41111111-1111-4008-8111-111111111111').findings).toEqual([]);
  });

  it("passes the processor's identifier fields through; the same value elsewhere is masked", () => {
    const pan = '4111111111111111';
    const { redacted, findings } = guard({
      webhookId: pan,
      transactionTraceId: pan,
      payload: { id: pan, reconciliationId: pan, originalTransactionId: pan, note: pan },
      request_id: pan,
      batch_id: pan,
      merchant_ref_number: pan,
    });
    expect(findings.map((f) => f.path)).toEqual(['$.payload.note', '$.merchant_ref_number']);
    expect(redacted).toMatchObject({ webhookId: pan, payload: { id: pan, note: '************1111' } });
    // Typed by a person, a "receipt number" is checked like any text.
    expect(guard({ processorTxnId: pan }, { trustProcessorIds: false }).findings).toHaveLength(1);
  });
});
