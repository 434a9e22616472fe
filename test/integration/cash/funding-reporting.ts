/**
 * For the funding tests: Cybersource's Reporting API on loopback (each request's HTTP Signature checked as
 * Cybersource does), the credentials it knows, a real SQLite cash store per test, and the Purchase & Refund
 * Details and Net Funding answers as the API writes them. The server and the store are closed after each test.
 */
import { afterEach } from 'vitest';
import { openCashStore, type CashStore } from '../../helpers/cash-store';
import { useReportingServer, type ReportingAnswer } from '../../helpers/reporting-server';
import { useTempDirs } from '../../helpers/temp-dir';

const SECRET = Buffer.from('funding-test-shared-secret-32-bytes!').toString('base64');
export const CREDENTIALS = { merchantId: 'hospital_main', keyId: 'key-1', sharedSecret: SECRET };

/** Call at the top of a test file. */
export function useFundingReporting() {
  const tempDir = useTempDirs();
  let cash: CashStore | null = null;
  afterEach(() => {
    cash?.close();
    cash = null;
  });
  const reporting = useReportingServer(CREDENTIALS);
  return {
    /**
     * Starts the server answering `answer` (each URL asked is kept in `asked`) and opens a cash store whose
     * clock reads `now` (the store's default when not given).
     */
    async start(answer: (url: URL) => ReportingAnswer, now?: number) {
      const asked: URL[] = [];
      const baseUrl = await reporting.start(answer, asked);
      cash = openCashStore(tempDir(), now);
      return { baseUrl, asked, cash };
    },
  };
}

/** Purchase & Refund Details of these payments: each a sale of `amount` USD in batch 9001, with its fee. */
export function purchaseRefundDetails(
  requestIds: readonly string[],
  money: { readonly amount: string; readonly fee: string; readonly funding: string },
) {
  return {
    settlements: requestIds.map((requestId) => ({
      requestId,
      transactionType: 'ics_bill',
      amount: money.amount,
      currencyCode: 'USD',
      cybersourceBatchId: '9001',
      cybersourceBatchTime: '2025-03-03T23:00:00Z',
    })),
    feeAndFundingDetails: requestIds.map((requestId) => ({
      requestId,
      totalFee: money.fee,
      fundingAmount: money.funding,
      fundingCurrency: 'USD',
    })),
  };
}

/** Net Funding for the window asked in `url`, with these USD totals. */
export function netFunding(
  url: URL,
  totals: { readonly purchases: string; readonly fees: string; readonly net: string },
) {
  return {
    startTime: url.searchParams.get('startTime'),
    endTime: url.searchParams.get('endTime'),
    totalPurchases: [{ currencyCode: 'USD', value: totals.purchases }],
    totalFees: [{ currencyCode: 'USD', value: totals.fees }],
    netTotal: [{ currencyCode: 'USD', value: totals.net }],
  };
}
