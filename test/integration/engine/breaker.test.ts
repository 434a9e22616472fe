import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const MINUTE = 60_000;
const CONCURRENCY = 8; // app defaults: 8 in flight, opens after 5 failures, probes every 30 s
const FAILURES_TO_OPEN = 5;
const HALF_OPEN_AFTER = 30_000;

describe('the circuit breaker per endpoint', () => {
  it('an endpoint down for 10 simulated minutes sees only half-open probes while open, and no item fails for it', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const outageStart = h.clock.now();
    h.sim.faults.outageFor(10 * MINUTE, 'status');
    const ids = Array.from({ length: 40 }, () => h!.pay());

    await h.runUntil(outageStart + 10 * MINUTE - 1);
    const requestsDuringOutage = h.sim.stats.post + h.sim.stats.lookup;
    const openWindows = Math.ceil((10 * MINUTE) / HALF_OPEN_AFTER);
    // Before it opened: at most the requests already in flight plus the failures that opened it.
    // While open: one probe per half-open window, nothing else.
    expect(requestsDuringOutage).toBeLessThanOrEqual(CONCURRENCY + FAILURES_TO_OPEN + openWindows);
    expect(requestsDuringOutage).toBeGreaterThan(0);
    expect(h.app.engine.status().connections[0]?.breaker).toBe('open');
    const failedDuringOutage = ids.filter((id) => h!.app.repos.postings.get(id)!.status === 'failure');
    expect(failedDuringOutage).toEqual([]);

    await h.runUntil(outageStart + 6 * HOUR);
    const statuses = new Set(ids.map((id) => h!.app.repos.postings.get(id)!.status));
    expect([...statuses]).toEqual(['success']);
    expect(h.sim.ledger.postings()).toHaveLength(ids.length);
    expect(h.app.engine.status().connections[0]?.breaker).toBe('closed');
  });
});
