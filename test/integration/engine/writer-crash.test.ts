/**
 * The engine's writer thread dying (engine/engine-writer.ts): real engine, real SQLite file, the real Epic
 * simulator over loopback, the real worker thread ended as a crash would end it. Nothing waits forever,
 * nothing is sent twice, and what the dead thread may have committed unanswered is recovered.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const status = (x: Harness, id: number) => x.app.repos.postings.get(id)?.status;

describe('the engine when its writer thread dies', () => {
  it('a claim the dead thread committed but never answered is recovered once its lease ends and checked before it is sent', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 5_000 });
    await h.app.engine.stop();
    const id = h.pay();
    // What the writer had committed when it died, unanswered: this engine's claim with its attempt recorded
    // (the request never left: the engine heard nothing, so it sent nothing).
    const engine = h.app.engine as unknown as { owner: string; writer: { abort(): Promise<void> } };
    const deadOwner = engine.owner;
    const now = h.clock.now();
    const work = postingWorkRepository(h.app.store.db);
    expect(work.claimDue('test-epic', now, 1, deadOwner, now + 120_000, 1_000_000)).toHaveLength(1);
    work.beginAttempt(id, 'post', 'POST (recorded before sending)', now);
    await h.app.engine.start();
    await engine.writer.abort();
    // The engine takes a new identity: the dead thread's claims are now another engine's.
    await vi.waitFor(() => expect(engine.owner).not.toBe(deadOwner));
    expect(await h.app.engine.recoverStranded()).toBe(0); // its lease still runs
    expect(status(h, id)).toBe('in_flight');
    h.clock.advance(121_000);
    expect(await h.app.engine.recoverStranded()).toBe(1);
    expect(status(h, id)).toBe('needs_verification');
    // Looked up once the dead request would have timed out: absent, so sent, once.
    await h.runUntil(h.clock.now() + HOUR);
    expect(status(h, id)).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).map((a) => [a.kind, a.errorCode])).toEqual([
      ['post', 'interrupted'],
      ['lookup', 'absent'],
      ['post', null],
    ]);
  });

  it('dying while a payment is on its way: the answer is written by a new thread, and the payment posted once', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 5_000 });
    h.sim.faults.enqueue([{ kind: 'latency', ms: 1_000 }]);
    const id = h.pay();
    await vi.waitFor(() => expect(h!.sim.stats.post).toBe(1), { timeout: 5_000 });
    expect(status(h, id)).toBe('in_flight');
    const engine = h.app.engine as unknown as { writer: { abort(): Promise<void> } };
    await engine.writer.abort();
    await h.app.engine.waitForIdle();
    expect(status(h, id)).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).map((a) => [a.kind, a.outcome])).toEqual([['post', 'posted']]);
  });
});
