import { afterEach } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { facilityZones } from '../../../src/main/reconciliation/facility-zones';
import {
  createReportService,
  type ReportServiceOptions,
} from '../../../src/main/reconciliation/report-service';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import type { Channel, PostingStatus } from '../../../src/shared/domain';
import { fakeClock, silentLogger } from '../../helpers/app';

export const CHICAGO = 'America/Chicago';

/** A real app on a real SQLite file with the engine stopped: the tests put postings in the states they need. */
export async function reportHarness(dataDir: string, start = Date.UTC(2026, 10, 23, 15, 0, 0)) {
  const clock = fakeClock(start);
  const app: ClearpostApp = await createApp({
    dataDir,
    mode: 'test',
    logger: silentLogger,
    clock,
    engine: { autoStart: false },
  });
  const zones = facilityZones({ MAIN: CHICAGO, RIVERSIDE: CHICAGO, TOKYO: 'Asia/Tokyo' }, CHICAGO);
  const service = (extra: Partial<ReportServiceOptions> = {}) =>
    createReportService({ db: app.store.db, repos: app.repos, clock, logger: silentLogger, zones, ...extra });
  let counter = 0;
  const seed = (
    status: PostingStatus,
    overrides: Partial<NewPaymentEvent> = {},
    posting: { channel?: Channel; reasonCode?: string; reason?: string; nextStep?: string } = {},
  ) => {
    counter += 1;
    const event: NewPaymentEvent = {
      source: 'webhook',
      processorTxnId: `T${String(counter).padStart(7, '0')}`,
      kind: 'one_time_payment',
      tender: 'card',
      amountMinor: 10_000 + counter,
      currency: 'USD',
      ehr: 'oracle_health',
      facility: 'MAIN',
      guarantorAccount: `G${String(100_000 + counter)}`,
      encounterId: `E${String(500_000 + counter)}`,
      cardBrand: 'VISA',
      cardLast4: '1111',
      transactionAt: Date.UTC(2026, 10, 22, 18, 0, 0),
      ...overrides,
    };
    const { id: eventId } = app.repos.events.insert(event, clock.now());
    app.store.db.prepare('DELETE FROM admission_queue WHERE event_id = ?').run(eventId);
    const postingId = app.repos.postings.create(
      {
        eventId,
        ehr: event.ehr,
        connectionId: `${event.ehr}-test`,
        channel: posting.channel ?? 'api',
        status,
        reasonCode: posting.reasonCode ?? null,
        reason: posting.reason ?? null,
        nextStep: posting.nextStep ?? null,
      },
      clock.now(),
    );
    return { eventId, postingId, event };
  };
  return { app, clock, zones, service, seed };
}

/**
 * Sums from the store itself, independent of the report code, for the control-total assertions: the money
 * moved (payments in, refunds and voids out, declines nothing).
 */
export function storeSum(
  app: ClearpostApp,
  where: string,
  params: unknown[] = [],
): { count: number; amountMinor: number } {
  const row = app.store.db
    .prepare<unknown[], { count: number; amountMinor: number | null }>(
      `SELECT count(*) AS count,
         sum(CASE WHEN p.status = 'declined' THEN 0
                  WHEN e.kind IN ('void', 'refund') THEN -abs(e.amount_minor)
                  ELSE e.amount_minor END) AS amountMinor
       FROM payment_events e JOIN postings p ON p.event_id = e.id WHERE ${where}`,
    )
    .get(...params);
  return { count: row?.count ?? 0, amountMinor: row?.amountMinor ?? 0 };
}

/**
 * For a test file: `harness()` makes a report harness whose app is closed after each test. `tempDir` is the
 * file's own temporary folders (a harness takes a fresh one).
 */
export function useReportHarness(tempDir: () => string): () => ReturnType<typeof reportHarness> {
  const apps: ClearpostApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  return async () => {
    const h = await reportHarness(tempDir());
    apps.push(h.app);
    return h;
  };
}
