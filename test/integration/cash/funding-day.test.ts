/**
 * The morning's money pull (funding-day.ts) over real HTTP on loopback, against a server that checks the HTTP
 * Signature as Cybersource does: the day is asked in the report's zone for every organization, what one
 * organization answers is stored while another's refusal becomes a plain notice (not a failed morning),
 * pulling the day again adds nothing, and consoles are told (`db.changed`) only of the tables a pull wrote.
 */
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/lib/event-bus';
import { pullFundingDay } from '../../../src/main/reconciliation/funding/funding-day';
import type { TableName } from '../../../src/shared/contract';
import type { ReportingAnswer } from '../../helpers/reporting-server';
import { seedPosting } from '../../helpers/seed';
import { CREDENTIALS, netFunding, purchaseRefundDetails, useFundingReporting } from './funding-reporting';

/** The organization whose downloads this server refuses, as Cybersource does an organization not enabled. */
const REFUSED_ORG = 'hospital_clinic';
const reporting = useFundingReporting();

/**
 * Answers as the Reporting API would, with these chargeback case actions; the clinic's organization is
 * refused, as one not enabled for it is.
 */
const answerWith =
  (chargebackDetails: readonly unknown[]) =>
  (url: URL): ReportingAnswer => {
    if (url.searchParams.get('organizationId') === REFUSED_ORG)
      return { status: 401, body: { response: { rmsg: 'Authentication Failed' } } };
    if (url.pathname === '/reporting/v3/net-fundings')
      return { body: netFunding(url, { purchases: '60.00', fees: '1.20', net: '58.80' }) };
    if (url.pathname === '/reporting/v3/chargeback-details') return { body: { chargebackDetails } };
    const ids = Number(url.searchParams.get('offset')) === 0 ? ['R1', 'R2', 'R3'] : [];
    return { body: purchaseRefundDetails(ids, { amount: '20.00', fee: '0.40', funding: '19.60' }) };
  };
const answer = answerWith([]);

/** One case action as the Reporting API writes it (ReportingV3ChargebackDetailsGet200ResponseChargebackDetails). */
const apiCase = (requestId: string, trackingNumber: string) => ({
  requestId,
  merchantReferenceNumber: 'REF1',
  trackingNumber,
  amount: '20.00',
  sign: '-',
  action: 'First Chargeback',
  reasonCode: '10.4',
  currencyCode: 'USD',
  originalSettlementTime: '2025-03-01T20:00:00Z',
  time: '2025-03-03T09:30:00Z',
  responseDueTime: '2025-03-13T00:00:00Z',
});

/** A bus that keeps the tables of every `db.changed` it carries, as a console would receive them. */
function announcements() {
  const bus = new EventBus();
  const heard: (readonly TableName[])[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'db.changed') heard.push((payload as { tables: readonly TableName[] }).tables);
  });
  return { bus, heard };
}

describe('the morning money pull', () => {
  it('asks the day in the report zone for each organization; a refusal is a notice; again adds nothing', async () => {
    // The store's clock is the signer's too: now, so the signed Date is fresh.
    const { baseUrl, asked, cash } = await reporting.start(answer, Date.now());
    const { bus, heard } = announcements();
    const source = {
      rest: { ...CREDENTIALS, baseUrl },
      organizations: [{ organizationId: 'hospital_main' }, { organizationId: REFUSED_ORG }],
      timeZone: 'America/Chicago',
    };

    const first = await pullFundingDay('2025-03-03', source, { ...cash, bus });
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
    const items = () => cash.db.prepare('SELECT count(*) AS n FROM funding_items').get() as { n: number };
    expect(items().n).toBe(3);
    const [batch] = cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31');
    expect(batch).toMatchObject({ batchId: '9001', feesMinor: 120 });

    const again = await pullFundingDay('2025-03-03', source, { ...cash, bus });
    expect(again.funding.imported).toBe(3);
    expect(items().n).toBe(3);
    expect(cash.repos.funding.batchesBetween('2025-03-01', '2025-03-31')).toEqual([batch]);
    // Funding items are in no console's tables, and the second pull stored nothing: no console was told.
    expect(heard).toEqual([]);
  });

  it('tells consoles of the reversals and quarantine entries a pull stored, and of nothing when it stored nothing', async () => {
    const { baseUrl, cash } = await reporting.start(
      answerWith([apiCase('R1', 'CB-1'), apiCase('9999999999999999999999', 'CB-2')]),
      Date.now(),
    );
    // R1 is a payment Clearpost has: its chargeback becomes a reversal. The other case's payment is unknown.
    seedPosting(cash.repos, 'success', { processorTxnId: 'R1', amountMinor: 2_000 }, Date.now());
    const { bus, heard } = announcements();
    const source = {
      rest: { ...CREDENTIALS, baseUrl },
      organizations: [{ organizationId: 'hospital_main' }],
      timeZone: 'America/Chicago',
    };

    const first = await pullFundingDay('2025-03-03', source, { ...cash, bus });
    expect(first.chargebacks).toMatchObject({ imported: 2, quarantined: 1, reversals: 1 });
    expect(heard).toEqual([['payment_events', 'quarantined_inputs']]);

    const again = await pullFundingDay('2025-03-03', source, { ...cash, bus });
    expect(again.chargebacks).toMatchObject({ imported: 0, quarantined: 0, reversals: 0 });
    expect(heard).toHaveLength(1);
  });
});
