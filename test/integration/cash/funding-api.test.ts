/**
 * Funding through the Reporting REST API, over real HTTP on loopback: a server that checks the HTTP
 * Signature as Cybersource does (the same verifier the sandbox uses) and answers Purchase & Refund Details in
 * pages and Net Funding. A refused signature stores nothing; a good pull stores every page's items.
 */
import { describe, expect, it } from 'vitest';
import { createFundingApi, FundingApiError } from '../../../src/main/reconciliation/funding/funding-api';
import type { ReportingAnswer } from '../../helpers/reporting-server';
import { CREDENTIALS, netFunding, purchaseRefundDetails, useFundingReporting } from './funding-reporting';

const ROWS = 2_500;
const reporting = useFundingReporting();

/** Answers as the Reporting API would: Purchase & Refund Details in pages of `limit`, and Net Funding. */
function answer(url: URL): ReportingAnswer {
  if (url.pathname === '/reporting/v3/net-fundings') {
    const total = String(ROWS) + '.00';
    return { body: netFunding(url, { purchases: total, fees: '0.00', net: total }) };
  }
  const offset = Number(url.searchParams.get('offset'));
  const limit = Number(url.searchParams.get('limit'));
  const ids = Array.from(
    { length: Math.max(0, Math.min(limit, ROWS - offset)) },
    (_, i) => `R${String(offset + i).padStart(6, '0')}`,
  );
  return {
    body: {
      offset,
      limit,
      pageResults: ids.length,
      ...purchaseRefundDetails(ids, { amount: '1.00', fee: '0.00', funding: '1.00' }),
    },
  };
}

const PERIOD = {
  organizationId: 'hospital_main',
  startTime: '2025-03-03T00:00:00Z',
  endTime: '2025-03-04T00:00:00Z',
};

describe('funding from the Reporting REST API', () => {
  it('a refused signature: a plain error, nothing stored', async () => {
    const { baseUrl, cash } = await reporting.start(answer);
    const api = createFundingApi(
      { ...CREDENTIALS, sharedSecret: Buffer.from('wrong').toString('base64'), baseUrl },
      { now: () => Date.now() },
    );
    await expect(api.pull(PERIOD, cash)).rejects.toThrow(
      new FundingApiError(
        'Cybersource refused the credentials for the funding of hospital_main from 2025-03-03T00:00:00Z to 2025-03-04T00:00:00Z (HTTP 401): check the merchant id, key id and shared secret.',
        401,
      ),
    );
    expect(cash.repos.funding.batchesBetween('2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('reads every page, then stores the items per payment, their batch and the Net Funding totals', async () => {
    const { baseUrl, asked, cash } = await reporting.start(answer);
    const api = createFundingApi({ ...CREDENTIALS, baseUrl }, { now: () => Date.now() });
    const summary = await api.pull(PERIOD, cash);
    expect(summary).toEqual({ rows: ROWS, imported: ROWS, quarantined: 0, pages: 2, netFundingTotals: 1 });
    expect(asked.map((url) => url.searchParams.get('offset'))).toEqual(['0', '2000', null]);
    expect(cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31')).toEqual([
      expect.objectContaining({
        batchId: '9001',
        items: ROWS,
        netMinor: ROWS * 100,
        fundingDate: '2025-03-03',
      }),
    ]);
    expect(cash.repos.funding.ofPayment('R002499')).toEqual([
      expect.objectContaining({ batchId: '9001', fundingMinor: 100 }),
    ]);
  });

  it('an unreadable row is kept in quarantine once: the day pulled again adds no second entry', async () => {
    const body = purchaseRefundDetails(['R1', 'R2'], { amount: '1.00', fee: '0.00', funding: '1.00' });
    const unreadable = {
      ...body,
      settlements: [body.settlements[0], { ...body.settlements[1], amount: 'ten' }],
    };
    const { baseUrl, cash } = await reporting.start((url) =>
      url.pathname === '/reporting/v3/net-fundings'
        ? { body: netFunding(url, { purchases: '2.00', fees: '0.00', net: '2.00' }) }
        : { body: { offset: 0, limit: 2000, pageResults: 2, ...unreadable } },
    );
    const api = createFundingApi({ ...CREDENTIALS, baseUrl }, { now: () => Date.now() });
    const held = () =>
      cash.db
        .prepare<[], { reasonCode: string }>('SELECT reason_code AS reasonCode FROM quarantined_inputs')
        .all();

    expect(await api.pull(PERIOD, cash)).toMatchObject({ rows: 2, imported: 1, quarantined: 1 });
    expect(held()).toEqual([{ reasonCode: 'invalid_funding_row' }]);
    expect(await api.pull(PERIOD, cash)).toMatchObject({ rows: 2, imported: 1, quarantined: 0 });
    expect(held()).toHaveLength(1);
  });
});
