/**
 * Claims ahead of the endpoint: items claimed beyond the free slots wait, claimed under the engine's lease
 * with their attempts recorded, and go as slots free, in claim order. A stop puts them back untouched; a
 * breaker that opens puts them back too. Real engine, real SQLite file, the Epic simulator over loopback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SLOW_MS = 1_000;

function statusOf(x: Harness, ids: readonly number[]): string[] {
  return ids.map((id) => x.app.repos.postings.get(id)!.status);
}

/** One slot, two kept ready: the first payment's post answers slowly; three payments wait behind it. */
async function oneSlotBusy(): Promise<{ x: Harness; ids: number[] }> {
  const x = await harness({
    ehr: 'epic',
    dataDir: tempDir(),
    concurrency: 1,
    claimAhead: 2,
    responseTimeoutMs: 5_000,
  });
  x.sim.faults.enqueue([{ kind: 'latency', ms: SLOW_MS }]);
  const ids = [x.pay(), x.pay(), x.pay(), x.pay()];
  await vi.waitFor(() => expect(x.sim.stats.post).toBe(1), { timeout: 5_000 });
  // The claim that launched the first also took the next two, ready: claimed, attempt recorded, not sent.
  await vi.waitFor(() =>
    expect(statusOf(x, ids)).toEqual(['in_flight', 'in_flight', 'in_flight', 'pending']),
  );
  return { x, ids };
}

describe('claiming ahead of the endpoint', () => {
  it('items kept ready are sent one at a time as the slot frees, each posted once', async () => {
    const { x, ids } = await oneSlotBusy();
    h = x;
    expect(ids.slice(1, 3).map((id) => attemptsOf(x.app, id).map((a) => [a.kind, a.outcome]))).toEqual([
      [['post', null]],
      [['post', null]],
    ]);
    expect(x.sim.stats.post).toBe(1); // nothing beyond the one slot went out
    await x.runUntil(x.clock.now() + HOUR);
    expect(statusOf(x, ids)).toEqual(['success', 'success', 'success', 'success']);
    expect(x.sim.ledger.postings()).toHaveLength(4);
    for (const id of ids)
      expect(attemptsOf(x.app, id).map((a) => [a.kind, a.outcome])).toEqual([['post', 'posted']]);
    expect(new Set(ids.map((id) => x.app.repos.postings.get(id)!.ehrReference)).size).toBe(4);
  });

  it('a stop puts the ready items back as they were: pending, no attempt left, then posted once after a start', async () => {
    const { x, ids } = await oneSlotBusy();
    h = x;
    await x.app.engine.stop();
    expect(statusOf(x, ids)).toEqual(['success', 'pending', 'pending', 'pending']);
    for (const id of ids.slice(1)) expect(attemptsOf(x.app, id)).toEqual([]);
    expect(x.app.repos.postings.get(ids[1]!)!.attempts).toBe(0);
    expect(x.sim.stats.post).toBe(1);
    await x.app.engine.start();
    await x.runUntil(x.clock.now() + HOUR);
    expect(statusOf(x, ids)).toEqual(['success', 'success', 'success', 'success']);
    expect(x.sim.ledger.postings()).toHaveLength(4);
  });

  it('with nothing kept ready (claimAhead 0) only what can start is claimed', async () => {
    h = await harness({
      ehr: 'epic',
      dataDir: tempDir(),
      concurrency: 1,
      claimAhead: 0,
      responseTimeoutMs: 5_000,
    });
    const x = h;
    x.sim.faults.enqueue([{ kind: 'latency', ms: SLOW_MS }]);
    const ids = [x.pay(), x.pay()];
    await vi.waitFor(() => expect(x.sim.stats.post).toBe(1), { timeout: 5_000 });
    expect(statusOf(x, ids)).toEqual(['in_flight', 'pending']);
    await x.runUntil(x.clock.now() + HOUR);
    expect(statusOf(x, ids)).toEqual(['success', 'success']);
  });
});
