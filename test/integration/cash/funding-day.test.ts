/**
 * The morning's money pull (funding-day.ts) over real HTTP on loopback, against a server that checks the HTTP
 * Signature as Cybersource does: the day is asked in the report's zone for every organization, what one
 * organization answers is stored while another's refusal becomes a plain notice (not a failed morning), and
 * pulling the day again adds nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pullFundingDay } from '../../../src/main/reconciliation/funding/funding-day';
import { openCashStore, type CashStore } from '../../helpers/cash-store';
import { useReportingServer, type ReportingAnswer } from '../../helpers/reporting-server';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SECRET = Buffer.from('funding-day-test-shared-secret-32b!').toString('base64');
const CREDENTIALS = { merchantId: 'hospital_main', keyId: 'key-1', sharedSecret: SECRET };
/** The organization whose downloads this server refuses, as Cybersource does an organization not enabled. */
const REFUSED_ORG = 'hospital_clinic';

let cash: CashStore | null = null;
afterEach(() => {
  cash?.close();
  cash = null;
});
const reporting = useReportingServer(CREDENTIALS);

/** Answers as the Reporting API would; the clinic's organization is refused, as one not enabled for it is. */
function answer(url: URL): ReportingAnswer {
  if (url.searchParams.get('organizationId') === REFUSED_ORG)
    return { status: 401, body: { response: { rmsg: 'Authentication Failed' } } };
  const window = { startTime: url.searchParams.get('startTime'), endTime: url.searchParams.get('endTime') };
  if (url.pathname === '/reporting/v3/net-fundings') {
    return {
      body: {
        ...window,
        totalPurchases: [{ currencyCode: 'USD', value: '60.00' }],
        totalFees: [{ currencyCode: 'USD', value: '1.20' }],
        netTotal: [{ currencyCode: 'USD', value: '58.80' }],
      },
    };
  }
  if (url.pathname === '/reporting/v3/chargeback-details') return { body: { chargebackDetails: [] } };
  const ids = Number(url.searchParams.get('offset')) === 0 ? ['R1', 'R2', 'R3'] : [];
  return {
    body: {
      settlements: ids.map((requestId) => ({
        requestId,
        transactionType: 'ics_bill',
        amount: '20.00',
        currencyCode: 'USD',
        cybersourceBatchId: '9001',
        cybersourceBatchTime: '2025-03-03T23:00:00Z',
      })),
      feeAndFundingDetails: ids.map((requestId) => ({
        requestId,
        totalFee: '0.40',
        fundingAmount: '19.60',
        fundingCurrency: 'USD',
      })),
    },
  };
}

describe('the morning money pull', () => {
  it('asks the day in the report zone for each organization; a refusal is a notice; again adds nothing', async () => {
    const asked: URL[] = [];
    const baseUrl = await reporting.start(answer, asked);
    // The store's clock is the signer's too: now, so the signed Date is fresh.
    cash = openCashStore(tempDir(), Date.now());
    const source = {
      rest: { ...CREDENTIALS, baseUrl },
      organizations: [{ organizationId: 'hospital_main' }, { organizationId: REFUSED_ORG }],
      timeZone: 'America/Chicago',
    };

    const first = await pullFundingDay('2025-03-03', source, cash);
    expect(first.funding).toEqual({ rows: 3, imported: 3, quarantined: 0 });
    expect(first.chargebacks).toEqual({ rows: 0, imported: 0, quarantined: 0, reversals: 0, reposted: 0 });
    // The clinic's two downloads were refused: each said once, in words, with what to do instead.
    expect(first.notices).toHaveLength(2);
    for (const notice of first.notices) {
      expect(notice).toMatch(
        new RegExp(`^Not pulled: the (funding|chargebacks) of ${REFUSED_ORG} for 2025-03-03\\. `),
      );
      expect(notice).toMatch(
        /refused the credentials .*HTTP 401.*Import the file saved from the Business Center/,
      );
    }
    // Midnight to midnight in Chicago (CST, UTC−6), for every download.
    for (const url of asked) {
      expect(url.searchParams.get('startTime')).toBe('2025-03-03T06:00:00.000Z');
      expect(url.searchParams.get('endTime')).toBe('2025-03-04T06:00:00.000Z');
    }
    const items = () => cash!.db.prepare('SELECT count(*) AS n FROM funding_items').get() as { n: number };
    expect(items().n).toBe(3);
    const [batch] = cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31');
    expect(batch).toMatchObject({ batchId: '9001', feesMinor: 120 });

    const again = await pullFundingDay('2025-03-03', source, cash);
    expect(again.funding.imported).toBe(3);
    expect(items().n).toBe(3);
    expect(cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31')).toEqual([batch]);
  });
});
