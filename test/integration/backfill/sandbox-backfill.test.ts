/**
 * The embedded sandbox end to end: its traffic loses some notifications, its own processor's report names
 * them, backfill imports them as synthetic (`sandbox`) payments, and the replay it requests redelivers the
 * lost webhooks (voids included, which no batch report lists) without storing anything twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { localDate } from '../../../src/main/lib/time-zone';
import { SANDBOX_TIME_ZONE } from '../../../src/main/sandbox/world';
import { useTempDirs } from '../../helpers/temp-dir';
import { silent } from './backfill-helper';

const tempDir = useTempDirs();
let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('sandbox backfill', () => {
  it('brings in every lost notification once: the report’s rows by import, the rest by replay', async () => {
    app = await createApp({
      dataDir: tempDir(),
      mode: 'cli',
      logger: silent,
      engine: { autoStart: false },
      sandbox: { traffic: true, ratePerMinute: 1, dropRate: 0.25 },
    });
    const sandbox = app.sandbox!;
    sandbox.traffic!.burst(60);
    // What was delivered is stored before the report is read, as a morning's backfill finds it.
    await app.sandboxDeliveriesIdle();
    const ledger = sandbox.cybersource.sim.ledger;
    const lost = ledger.dropped();
    expect(lost.length).toBeGreaterThan(3);
    const count = (id: string) =>
      app!.store.db
        .prepare<[string], { n: number }>(
          'SELECT count(*) AS n FROM payment_events WHERE processor_txn_id = ?',
        )
        .get(id)?.n ?? 0;
    for (const s of lost) expect(count(s.payment.event.processorTxnId)).toBe(0);

    const date = localDate(Date.now(), SANDBOX_TIME_ZONE);
    const summary = await app.backfill.run(date, 'command');
    const reportable = lost.filter((s) => s.payment.event.kind !== 'void');
    expect(summary).toMatchObject({
      date,
      imported: reportable.length,
      quarantined: 0,
      replayRequested: true,
    });
    const sources = app.store.db
      .prepare<[], { source: string }>('SELECT DISTINCT source FROM payment_events')
      .all()
      .map((r) => r.source);
    // Synthetic payments stay synthetic: nothing a sandbox processor reported becomes a real-looking event.
    // (The sandbox's manual-workflow payments are `manual`, as ever.)
    expect(sources.filter((s) => s !== 'manual')).toEqual(['sandbox']);

    // The replay redelivered every lost notification; each transaction is stored exactly once.
    expect(sandbox.cybersource.sim.replays).toEqual([
      expect.objectContaining({ webhookId: 'clearpost-sandbox-webhook', redelivered: lost.length }),
    ]);
    for (const s of ledger.all()) expect(count(s.payment.event.processorTxnId)).toBe(1);
  });
});
