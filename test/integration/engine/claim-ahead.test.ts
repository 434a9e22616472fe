/**
 * Claiming ahead: a claim takes up to a cap's worth more than the endpoint's free slots, so a freed slot starts its
 * next request without waiting for a commit. The cap on requests at once still holds, and what waited for a
 * slot goes back, with nothing sent and no attempt left, when the engine stops. Real engine, real SQLite
 * file, the real Epic simulator over loopback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLAIMED_AHEAD_MAX_WAIT_MS } from '../../../src/main/engine/engine-options';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, type Harness } from './harness';

const tempDir = useTempDirs();
const SLOW_MS = 4_000;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function claimed(x: Harness): { id: number; attempts: number }[] {
  return x.app.store.db
    .prepare<[], { id: number; attempts: number }>(
      `SELECT p.id, (SELECT count(*) FROM attempts a WHERE a.posting_id = p.id) AS attempts
       FROM postings p WHERE p.status = 'in_flight' AND p.lease_owner IS NOT NULL ORDER BY p.id`,
    )
    .all();
}

describe('claiming ahead of a free slot', () => {
  it('holds the cap on requests at once, and what waited for a slot goes back unsent when the engine stops', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), concurrency: 2, responseTimeoutMs: 10_000 });
    const x = h;
    // The first two posts are answered slowly (SLOW_MS: long enough that a loaded machine still looks before
    // they are answered): the two slots stay taken while the rest wait.
    x.sim.faults.enqueue([
      { kind: 'latency', ms: SLOW_MS },
      { kind: 'latency', ms: SLOW_MS },
    ]);
    const ids = Array.from({ length: 6 }, () => x.pay());

    // Two sent (the cap), two more claimed ahead (a cap's worth) with their attempts recorded, two left in
    // the queue.
    await vi.waitFor(() => expect(claimed(x)).toHaveLength(4), { timeout: SLOW_MS });
    expect(x.sim.stats.post).toBe(2);
    expect(claimed(x).every((c) => c.attempts === 1)).toBe(true);

    await x.app.engine.stop();
    // The two sent were answered and settled; the two claimed ahead went back with their attempts withdrawn.
    expect(x.sim.stats.post).toBe(2);
    expect(claimed(x)).toEqual([]);
    const statuses = ids.map((id) => x.app.repos.postings.get(id)?.status);
    expect(statuses.filter((s) => s === 'success')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'pending')).toHaveLength(4);
    const unsent = ids.filter((id) => x.app.repos.postings.get(id)?.status === 'pending');
    expect(unsent.map((id) => attemptsOf(x.app, id))).toEqual([[], [], [], []]);

    await x.app.engine.start();
    await x.app.engine.waitForIdle();
    // Every payment posted exactly once, each with the one attempt that posted it.
    expect(ids.map((id) => x.app.repos.postings.get(id)?.status)).toEqual(Array(6).fill('success'));
    expect(x.sim.ledger.postings()).toHaveLength(6);
    expect(ids.map((id) => attemptsOf(x.app, id).map((a) => [a.kind, a.outcome]))).toEqual(
      Array(6).fill([['post', 'posted']]),
    );
  });

  it('an item that waited for a slot longer than recovery allows for goes back unsent, then posts once', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), concurrency: 1, responseTimeoutMs: 10_000 });
    const x = h;
    x.sim.faults.enqueue([{ kind: 'latency', ms: SLOW_MS }]);
    const [first, second] = [x.pay(), x.pay()];
    await vi.waitFor(() => expect(claimed(x)).toHaveLength(2), { timeout: SLOW_MS });
    expect(x.sim.stats.post).toBe(1);

    // While the first request is out, the one claimed ahead waits past the bound recovery counts on.
    x.clock.advance(CLAIMED_AHEAD_MAX_WAIT_MS + 1);
    await x.app.engine.waitForIdle();

    expect([first, second].map((id) => x.app.repos.postings.get(id)?.status)).toEqual(['success', 'success']);
    expect(x.sim.stats.post).toBe(2);
    // Its attempt recorded at the stale claim was withdrawn; the one that posted it was recorded afresh.
    const attempts = attemptsOf(x.app, second);
    expect(attempts.map((a) => [a.kind, a.outcome])).toEqual([['post', 'posted']]);
    expect(attempts[0]!.startedAt).toBeGreaterThan(x.clock.now() - 5_000);
  });
});
