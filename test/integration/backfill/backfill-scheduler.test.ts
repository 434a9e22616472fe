/**
 * The morning backfill: due once the configured local time has passed in the report's zone, for the day
 * before, once; a failed run (Cybersource answering 503) is tried again after a pause, not every minute.
 * Real app, real simulator over loopback, one fake clock for both (the simulator checks the signed date).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { BackfillScheduler } from '../../../src/main/intake/backfill/backfill-scheduler';
import {
  startSandboxProcessor,
  type SandboxProcessor,
} from '../../../src/main/sandbox/cybersource/sandbox-processor';
import { useTempDirs } from '../../helpers/temp-dir';
import { FakeClock } from '../connectors/harness';
import { configureReporting, silent } from './backfill-helper';

const tempDir = useTempDirs();
let app: ClearpostApp | null = null;
let processor: SandboxProcessor | null = null;
afterEach(async () => {
  await app?.close();
  await processor?.sim.close();
  app = null;
  processor = null;
});

// 05:30 in Chicago on 2026-12-05 (CST, UTC-6).
const EARLY = Date.UTC(2026, 11, 5, 11, 30);

describe('the morning backfill schedule', () => {
  it('backfills yesterday once after the configured time, and retries a failure after a pause', async () => {
    const clock = new FakeClock(EARLY);
    const dataDir = tempDir();
    processor = await startSandboxProcessor({ clock, logger: silent });
    await configureReporting(dataDir, processor);
    app = await createApp({ dataDir, mode: 'cli', clock, logger: silent, engine: { autoStart: false } });
    const scheduler = new BackfillScheduler(app.store.db, app.backfill, clock, silent);
    const runs = () =>
      app!.store.db
        .prepare<[], { date: string; trigger: string; error: string | null; finished: number | null }>(
          'SELECT report_date AS date, trigger, error, finished_at AS finished FROM backfill_runs ORDER BY id',
        )
        .all();

    await scheduler.tick();
    expect(runs()).toEqual([]); // before 07:00: not due

    clock.advance(2 * 3_600_000); // 07:30
    processor.sim.failNext(503);
    await scheduler.tick();
    expect(runs()).toMatchObject([{ date: '2026-12-04', trigger: 'schedule', finished: null }]);
    expect(runs()[0]?.error).toMatch(/HTTP 503/);

    clock.advance(60_000);
    await scheduler.tick();
    expect(runs()).toHaveLength(1); // not every minute

    clock.advance(30 * 60_000);
    await scheduler.tick();
    expect(runs()).toHaveLength(2);
    expect(runs()[1]).toMatchObject({ date: '2026-12-04', error: null });
    expect(runs()[1]?.finished).not.toBeNull();

    clock.advance(3_600_000);
    await scheduler.tick();
    expect(runs()).toHaveLength(2); // done for the day
    await scheduler.stop();
  });
});
