/**
 * The Epic simulator's check of the modeled payment contract (sandbox/epic/validate-payment.ts), refusals
 * first: each answers the status, issue code and Epic code the connector classifies.
 */
import { describe, expect, it } from 'vitest';
import { validateEpicPayment } from '../../../src/main/sandbox/epic/validate-payment';

const JSON_TYPE = 'application/json';
const payment = {
  ExternalTransactionID: 'CP-TX1001',
  PaymentType: 'OneTime',
  AccountType: 'Guarantor',
  AccountID: 'G-100',
  Amount: '12.10',
  Currency: 'USD',
  PaymentMethod: 'CreditCard',
  CardLastFour: '4242',
  PostingDate: '2026-03-02',
  BatchID: 'B1',
};
const check = (body: unknown, contentType = JSON_TYPE) =>
  validateEpicPayment(typeof body === 'string' ? body : JSON.stringify(body), contentType, 'USD');

describe('the Epic simulator refuses', () => {
  it('another media type with 415, and a body that is not JSON or not an object with 400', () => {
    expect(check(payment, 'text/plain')).toMatchObject({
      ok: false,
      status: 415,
      issueCode: 'not-supported',
    });
    expect(check('{"Amount":')).toMatchObject({ ok: false, status: 400, issueCode: 'structure' });
    expect(check([payment])).toEqual({
      ok: false,
      status: 400,
      issueCode: 'invalid',
      text: 'The body must be an object',
    });
  });

  it('the first missing field in the contract order, before judging any value', () => {
    const { ExternalTransactionID: _id, BatchID: _batch, ...rest } = payment;
    expect(check({ ...rest, PaymentType: 'Void' })).toEqual({
      ok: false,
      status: 400,
      issueCode: 'required',
      text: 'ExternalTransactionID is required',
    });
    expect(check({ ...payment, BatchID: '' })).toMatchObject({ status: 400, text: 'BatchID is required' });
  });

  it('a void or refund by API with 422 and Epic code 59159 (they go in the daily file)', () => {
    expect(check({ ...payment, PaymentType: 'Void' })).toMatchObject({
      ok: false,
      status: 422,
      issueCode: 'business-rule',
      epicCode: '59159',
    });
  });

  it('bad values with 400, another currency with 422 and no Epic code', () => {
    expect(check({ ...payment, Amount: '12.101' })).toMatchObject({ status: 400, issueCode: 'invalid' });
    expect(check({ ...payment, Amount: '0.00' })).toMatchObject({ text: 'Amount must be greater than zero' });
    expect(check({ ...payment, CardLastFour: '42' })).toMatchObject({
      text: 'CardLastFour is required for cards',
    });
    expect(check({ ...payment, PostingDate: '03/02/2026' })).toMatchObject({ status: 400 });
    const euro = check({ ...payment, Currency: 'EUR' });
    expect(euro).toEqual({
      ok: false,
      status: 422,
      issueCode: 'not-supported',
      text: 'Currency EUR is not supported',
    });
  });

  it('and accepts a good payment, in the ledger’s terms', () => {
    expect(check({ ...payment, AccountType: 'Hospital', PaymentType: 'PaymentPlan' })).toEqual({
      ok: true,
      value: {
        externalId: 'CP-TX1001',
        kind: 'payment_plan',
        targetType: 'encounter',
        targetId: 'G-100',
        target: 'Hospital/G-100',
        amountMinor: 1210,
        currency: 'USD',
        method: 'CreditCard',
      },
    });
  });
});
