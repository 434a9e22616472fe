/**
 * Claiming ahead: a claim takes a quarter of the cap more than the endpoint's free slots, so a freed slot starts its
 * next request without waiting for a commit. The cap on requests at once still holds, and what waited for a
 * slot goes back, with nothing sent and no attempt left, when the engine stops. Real engine, real SQLite
 * file, the real Epic simulator over loopback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, type Harness } from './harness';

const tempDir = useTempDirs();
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
    // The first two posts are answered slowly: the two slots stay taken while the rest wait.
    x.sim.faults.enqueue([
      { kind: 'latency', ms: 1_500 },
      { kind: 'latency', ms: 1_500 },
    ]);
    const ids = Array.from({ length: 6 }, () => x.pay());

    // Two sent (the cap), one more claimed ahead (a quarter of the cap, rounded up) with its attempt
    // recorded, three left in the queue.
    await vi.waitFor(() => expect(claimed(x)).toHaveLength(3), { timeout: 5_000 });
    expect(x.sim.stats.post).toBe(2);
    expect(claimed(x).every((c) => c.attempts === 1)).toBe(true);

    await x.app.engine.stop();
    // The two sent were answered and settled; the one claimed ahead went back with its attempt withdrawn.
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
});
