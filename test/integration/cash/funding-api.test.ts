/**
 * Funding through the Reporting REST API, over real HTTP on loopback: a server that checks the HTTP
 * Signature as Cybersource does (the same verifier the sandbox uses) and answers Purchase & Refund Details in
 * pages and Net Funding. A refused signature stores nothing; a good pull stores every page's items.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFundingApi, FundingApiError } from '../../../src/main/reconciliation/funding/funding-api';
import { openCashStore, type CashStore } from '../../helpers/cash-store';
import { useReportingServer, type ReportingAnswer } from '../../helpers/reporting-server';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SECRET = Buffer.from('funding-test-shared-secret-32-bytes!').toString('base64');
const CREDENTIALS = { merchantId: 'hospital_main', keyId: 'key-1', sharedSecret: SECRET };
const ROWS = 2_500;

let cash: CashStore | null = null;
afterEach(() => {
  cash?.close();
  cash = null;
});
const reporting = useReportingServer(CREDENTIALS);

/** Answers as the Reporting API would: Purchase & Refund Details in pages of `limit`, and Net Funding. */
function answer(url: URL): ReportingAnswer {
  if (url.pathname === '/reporting/v3/net-fundings') {
    return {
      body: {
        startTime: url.searchParams.get('startTime'),
        endTime: url.searchParams.get('endTime'),
        totalPurchases: [{ currencyCode: 'USD', value: String(ROWS) + '.00' }],
        totalFees: [{ currencyCode: 'USD', value: '0.00' }],
        netTotal: [{ currencyCode: 'USD', value: String(ROWS) + '.00' }],
      },
    };
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
      settlements: ids.map((requestId) => ({
        requestId,
        transactionType: 'ics_bill',
        amount: '1.00',
        currencyCode: 'USD',
        cybersourceBatchId: '9001',
        cybersourceBatchTime: '2025-03-03T23:00:00Z',
      })),
      feeAndFundingDetails: ids.map((requestId) => ({
        requestId,
        totalFee: '0.00',
        fundingAmount: '1.00',
        fundingCurrency: 'USD',
      })),
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
    const asked: URL[] = [];
    const baseUrl = await reporting.start(answer, asked);
    cash = openCashStore(tempDir());
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
    const asked: URL[] = [];
    const baseUrl = await reporting.start(answer, asked);
    cash = openCashStore(tempDir());
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
});
