/**
 * Chargebacks and eCheck returns go back to the EHR, end to end over loopback: the original payment posted to
 * a simulator by the real engine, the processor's file imported into a real SQLite store, the reversal event
 * stored through intake and posted by the engine — to the Oracle Health simulator under the site's chargeback
 * (or return) alias as an adjustment, or into Epic's daily void/refund file. Re-importing creates nothing new;
 * a return whose payment Clearpost does not have is kept with its reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { facilityZones } from '../../../src/main/reconciliation/facility-zones';
import { createReportService } from '../../../src/main/reconciliation/report-service';
import { SANDBOX_ORACLE_ALIASES } from '../../../src/main/sandbox/world';
import type { Caller } from '../../../src/main/api/dispatcher';
import { dispatchOk, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import type { Harness } from '../engine/harness';
import { expectCaseReversal, usePostedPayments } from './posted-payments';
import { chargebackCsv, returnsCsv } from './processor-report-files';

const tempDir = useTempDirs();
const operator: Caller = { actor: 'pat.billing', transport: 'test', role: 'operator' };
const { start, postedPayment, importFile, postQueued } = usePostedPayments(tempDir);

const reversalsOf = (h: Harness) =>
  h.app.store.db
    .prepare<[], { id: number; processorTxnId: string; extras: string }>(
      `SELECT id, processor_txn_id AS processorTxnId, extras FROM payment_events
       WHERE json_extract(extras, '$.reversal') IS NOT NULL ORDER BY id`,
    )
    .all();

describe('a chargeback goes back to the EHR as the site’s reversal', () => {
  it('refuses nothing silently: an unreadable row is quarantined, a case for a payment Clearpost lacks gets no reversal', async () => {
    const h = await start('oracle_health');
    const summary = await importFile(
      h,
      'cb-bad.csv',
      chargebackCsv([
        '9999999999999999999999,REF9,CB-7001,50.00,-,First Chargeback,10.4,2026-11-10,2026-11-22,2026-12-02',
        '9999999999999999999998,REF8,CB-7002,12.345,-,First Chargeback,10.4,2026-11-10,2026-11-22,2026-12-02',
      ]),
    );
    // Quarantined: the unreadable row, and the case whose payment Clearpost lacks (unmatched_chargeback).
    expect(summary).toMatchObject({ imported: 1, quarantined: 2, reversals: 0 });
    expect(
      h.app.repos.quarantine.list({ states: ['open'], limit: 10 }).rows.map((q) => q.reasonCode),
    ).toEqual(['unmatched_chargeback', 'invalid_funding_row']);
    expect(reversalsOf(h)).toEqual([]);
    expect(h.app.repos.chargebacks.dueFrom('2026-11-01')).toEqual([
      expect.objectContaining({ caseNumber: 'CB-7001', eventId: null, reversalEventId: null }),
    ]);
  });

  it('Oracle Health: posted to the simulator as an adjustment under the chargeback alias; re-importing adds nothing', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, { amountMinor: 25_000 });
    const file = chargebackCsv([
      `${payment.processorTxnId},REF1,CB-44100,123.45,-,First Chargeback,10.4,2026-11-10,2026-11-22,2026-12-02`,
    ]);
    const first = await importFile(h, 'cb.csv', file);
    expect(first).toMatchObject({ imported: 1, quarantined: 0, reversals: 1 });
    await postQueued(h);

    const [reversal] = reversalsOf(h);
    expectCaseReversal(reversal, payment);
    expect(h.app.repos.postings.forEvent(reversal?.id ?? -1)?.status).toBe('success');
    const [posted] = h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`);
    expect(posted).toMatchObject({ kind: 'refund', amountMinor: 12_345, tender: 'CCCA' });
    const body = JSON.parse(posted?.requestBody ?? '{}') as {
      extension: {
        url: string;
        valueString?: string;
        valueCodeableConcept?: { coding: { code: string }[] };
      }[];
    };
    const ext = (id: string) => body.extension.find((e) => e.url.endsWith(`/${id}`));
    expect(ext('financial-transaction-alias')?.valueString).toBe(SANDBOX_ORACLE_ALIASES.chargeback);
    expect(ext('financial-transaction-type')?.valueCodeableConcept?.coding[0]?.code).toBe('adjustment');
    expect(h.app.repos.chargebacks.ofPayment(payment.processorTxnId)).toEqual([
      expect.objectContaining({ eventId: payment.id, reversalEventId: reversal?.id }),
    ]);
    // The item view says why, and by when the case must be answered, in words.
    const reversalPosting = h.app.repos.postings.forEvent(reversal?.id ?? -1);
    const detail = await dispatchOk(h.app, 'postings.get', { id: reversalPosting?.id ?? -1 }, operator);
    expect(detail.reversal).toEqual({
      cause: 'chargeback',
      responseDueDate: '2026-12-02',
      text: expect.stringContaining(
        'Respond to the processor by Wednesday, December 2, 2026: a missed deadline usually loses the case.',
      ) as string,
    });

    // The same file again, and the same case in another file (other bytes): no second reversal, no second post.
    expect(await importFile(h, 'cb.csv', file)).toMatchObject({ alreadyImported: true, imported: 0 });
    const again = await importFile(h, 'cb-again.csv', `${file}\n`);
    expect(again).toMatchObject({ alreadyImported: false, imported: 0, duplicates: 1, reversals: 0 });
    await postQueued(h);
    expect(reversalsOf(h)).toHaveLength(1);
    expect(h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`)).toHaveLength(1);
  });

  it('Epic: the reversal goes into the daily void/refund file, not to the API', async () => {
    const h = await start('epic');
    const payment = await postedPayment(h, { amountMinor: 30_000 });
    const posts = h.sim.stats.post;
    await importFile(
      h,
      'cb-epic.csv',
      chargebackCsv([
        `${payment.processorTxnId},REF2,CB-55,300.00,-,First Chargeback,13.1,2026-11-10,2026-11-22,2026-12-02`,
      ]),
    );
    await postQueued(h);
    const [reversal] = reversalsOf(h);
    const posting = h.app.repos.postings.forEvent(reversal?.id ?? -1);
    expect([posting?.channel, posting?.status]).toEqual(['daily_file', 'pending']);
    expect(h.sim.stats.post).toBe(posts);

    const zones = facilityZones({ [payment.facility]: 'America/Chicago' }, 'America/Chicago');
    const service = createReportService({
      db: h.app.store.db,
      repos: h.app.repos,
      clock: h.clock,
      logger: silentLogger,
      zones,
    });
    const [written] = await service.exportEpicVoids(
      { date: '2026-11-22', facility: payment.facility, outDir: tempDir() },
      { trigger: 'schedule', actor: 'scheduler' },
    );
    expect(written?.rows).toBe(1);
    expect(
      readFileSync(written?.path ?? '', 'utf8')
        .split('\n')
        .slice(0, 2),
    ).toEqual([
      `${reversal?.processorTxnId ?? ''}|300.00|REFUND|${payment.guarantorAccount ?? ''}|2026-11-22`,
      'TRAILER|1|300.00',
    ]);
  });
});

describe('an eCheck return goes back to the EHR; an unmatched one is kept with its reason', () => {
  it('keeps an unmatched return (and quarantines it, saying why) and one without a return code', async () => {
    const h = await start('oracle_health');
    const summary = await importFile(
      h,
      'returns-bad.csv',
      returnsCsv([
        '8888888888888888888888,REF7,check,NSF,2026-11-22,-45.00,USD,R01 Insufficient funds',
        '8888888888888888888887,REF6,check,Payment,2026-11-22,45.00,USD,',
      ]),
    );
    expect(summary).toMatchObject({
      source: 'cybersource-echeck-returns',
      rows: 2,
      imported: 1,
      quarantined: 2,
      reversals: 0,
    });
    expect(h.app.repos.echeckReturns.ofPayment('8888888888888888888888')).toEqual([
      expect.objectContaining({
        returnCode: 'R01',
        amountMinor: 4_500,
        eventId: null,
        reversalEventId: null,
      }),
    ]);
    const reasons = h.app.repos.quarantine
      .list({ states: ['open'], limit: 10 })
      .rows.map((q) => [q.reasonCode, q.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [
          'unmatched_return',
          expect.stringContaining('names payment 8888888888888888888888, which Clearpost does not have'),
        ],
        ['invalid_funding_row', expect.stringContaining('carries no ACH return code')],
      ]),
    );
    expect(reasons.find(([code]) => code === 'unmatched_return')?.[1]).toContain('Insufficient funds');
  });

  it('Oracle Health: a returned eCheck is reversed under the return alias, once', async () => {
    const h = await start('oracle_health');
    const payment = await postedPayment(h, {
      tender: 'echeck',
      checkNumber: '10452',
      cardBrand: null,
      cardLast4: null,
      cardExpiry: null,
      amountMinor: 8_000,
    });
    const file = returnsCsv([`${payment.processorTxnId},REF3,check,Stop Payment,11/22/2026,80.00,USD,R08`]);
    expect(await importFile(h, 'returns.csv', file)).toMatchObject({ imported: 1, reversals: 1 });
    await postQueued(h);
    const [reversal] = reversalsOf(h);
    expect(h.app.repos.postings.forEvent(reversal?.id ?? -1)?.status).toBe('success');
    const [posted] = h.sim.ledger.findAll(`${reversal?.processorTxnId ?? ''}RFND`);
    expect(posted).toMatchObject({ kind: 'refund', amountMinor: 8_000, tender: 'CHCK' });
    expect(posted?.requestBody).toContain(`"valueString":"${SANDBOX_ORACLE_ALIASES.echeck_return}"`);
    expect(h.app.repos.echeckReturns.ofPayment(payment.processorTxnId)).toEqual([
      expect.objectContaining({
        returnCode: 'R08',
        reason: 'The patient stopped payment on this debit.',
        reversalEventId: reversal?.id,
      }),
    ]);
    expect(await importFile(h, 'returns-2.csv', `${file}\n`)).toMatchObject({ imported: 0, reversals: 0 });
    expect(reversalsOf(h)).toHaveLength(1);
  });
});
