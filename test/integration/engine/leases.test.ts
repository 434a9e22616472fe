/**
 * Fenced leases: a claim is the engine's alone while its requests are in flight, however slow the EHR, and
 * once taken over it writes nothing. Real engine, real SQLite file, the real Epic simulator over loopback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blankSettlement } from '../../../src/main/engine/decision';
import { engineWriter, type EngineWriter } from '../../../src/main/engine/engine-writer';
import { createRecovery } from '../../../src/main/engine/recovery';
import { LeaseLost, postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
const writers: EngineWriter[] = [];
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.drain()));
  await h?.close();
  h = null;
});

const SLOW_MS = 1_500;
const PAST_LEASE = 5 * 60_000;

function leaseOf(x: Harness, id: number) {
  return x.app.store.db
    .prepare<
      [number],
      { status: string; leaseUntil: number | null; leaseOwner: string | null; updatedAt: number }
    >(
      `SELECT status, lease_until AS leaseUntil, lease_owner AS leaseOwner, updated_at AS updatedAt
       FROM postings WHERE id = ?`,
    )
    .get(id)!;
}

/** Starts a payment whose post the simulator answers only after SLOW_MS of real time. */
async function slowPost(x: Harness): Promise<number> {
  x.sim.faults.enqueue([{ kind: 'latency', ms: SLOW_MS }]);
  const id = x.pay();
  await vi.waitFor(() => expect(x.sim.stats.post).toBe(1), { timeout: 5_000 });
  expect(leaseOf(x, id).status).toBe('in_flight');
  return id;
}

function auditActions(x: Harness, id: number): string[] {
  return x.app.store.db
    .prepare<[string], { action: string }>(
      `SELECT action FROM audit_events WHERE subject_type = 'posting' AND subject_id = ? ORDER BY id`,
    )
    .all(String(id))
    .map((r) => r.action);
}

describe('fenced leases', () => {
  it('a lease always outlasts the connection’s requests, however short the configured lease', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 90_000 });
    const id = await slowPost(h);
    const { leaseUntil, updatedAt } = leaseOf(h, id);
    // Connect (500 ms) + response (90 s) timeouts, twice (a lookup then the post), and slack.
    expect(leaseUntil! - updatedAt).toBeGreaterThanOrEqual(2 * 90_500);
    await h.app.engine.waitForIdle();
  });

  it('an EHR slower than the lease: the engine never recovers its own claim; posted once, settled once', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 5_000 });
    const id = await slowPost(h);
    // The clock passes the lease (two minutes here) while the answer is still on its way; the access token
    // (an hour) stays good.
    h.clock.advance(PAST_LEASE);
    expect(await h.app.engine.recoverStranded()).toBe(0);
    expect(leaseOf(h, id).status).toBe('in_flight');

    await h.app.engine.waitForIdle();
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).map((a) => [a.kind, a.outcome])).toEqual([['post', 'posted']]);
    expect(auditActions(h, id)).toEqual(['posting.created', 'posting.success']);
  });

  it('while its requests are in flight the engine renews the lease, so no other engine may take it', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 5_000 });
    const id = await slowPost(h);
    const before = leaseOf(h, id);
    h.clock.advance(before.leaseUntil! - h.clock.now() - 1_000);
    h.app.engine.wake(); // the poll that renews (the harness's own poll is a minute of real time)
    await vi.waitFor(() => expect(leaseOf(h!, id).leaseUntil).toBeGreaterThan(before.leaseUntil!));
    h.clock.advance(2_000); // past the first lease, inside the renewed one
    const other = otherEngineRecovery(h);
    expect(await other.recover(false)).toBe(0);
    await h.app.engine.waitForIdle();
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });

  it('a late answer after another engine took the item over changes nothing; the item is looked up, not re-sent', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), responseTimeoutMs: 5_000 });
    const logged = vi.spyOn(h.app.engine['options'].logger, 'warn');
    const id = await slowPost(h);
    h.clock.advance(PAST_LEASE);
    // Another engine (one that believes this one dead) recovers the claim while the answer is on its way.
    expect(await otherEngineRecovery(h).recover(false)).toBe(1);
    expect(h.app.repos.postings.get(id)?.status).toBe('needs_verification');

    // The late 201 arrives and is fenced off; the engine then claims the item afresh and finds it by lookup.
    // (Only a split brain, which the folder lock and renewal rule out, could look it up before the first
    // post lands: the test waits for that post so that it checks the fence, not the race.)
    await vi.waitFor(() => expect(h!.sim.ledger.postings()).toHaveLength(1), { timeout: 5_000 });
    await h.runUntil(h.clock.now() + HOUR);
    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('success');
    expect(posting.reasonCode).toBe('found_in_ehr');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).map((a) => [a.kind, a.errorCode])).toEqual([
      ['post', 'interrupted'],
      ['lookup', 'found'],
    ]);
    expect(auditActions(h, id)).toEqual(['posting.created', 'posting.recovered', 'posting.success']);
    expect(logged.mock.calls.some(([, message]) => String(message).includes('taken over'))).toBe(true);
  });
});

describe('fenced writes in the store', () => {
  it('a settlement, a put-back or an attempt under a lost claim writes nothing', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    await h.app.engine.stop();
    const id = h.pay();
    const work = postingWorkRepository(h.app.store.db);
    const now = h.clock.now();
    const [claim] = work.claimDue('test-epic', now, 1, 'engine-a', now + 1_000);
    expect(claim?.id).toBe(id);
    const stale = { ...claim!.lease, token: claim!.lease.token + 1 };
    const settled = {
      ...blankSettlement(),
      status: 'success' as const,
      ehrReference: 'LATE',
      resolvedAt: now,
    };
    expect(work.settleHeld(id, stale, settled, now)).toBe(false);
    expect(work.settleHeld(id, { owner: 'engine-b', token: claim!.lease.token }, settled, now)).toBe(false);
    expect(() => work.beginAttempt(id, 'post', 'POST', now, stale)).toThrow(LeaseLost);
    expect(attemptsOf(h.app, id)).toEqual([]);
    expect(h.app.repos.postings.get(id)?.status).toBe('in_flight');

    expect(work.settleHeld(id, claim!.lease, settled, now)).toBe(true);
    expect(h.app.repos.postings.get(id)?.ehrReference).toBe('LATE');
    // Settled, the claim is spent: writing under it again changes nothing.
    expect(work.settleHeld(id, claim!.lease, { ...settled, ehrReference: 'AGAIN' }, now)).toBe(false);
    expect(h.app.repos.postings.get(id)?.ehrReference).toBe('LATE');
  });
});

/** Another engine's recovery, with its own writer thread on the same file (closed with the test). */
function otherEngineRecovery(x: Harness) {
  const writer = engineWriter(x.app.store.db);
  writers.push(writer);
  return createRecovery({
    writer,
    clock: x.clock,
    logger: silentLogger,
    owner: () => 'another-engine',
    connectionIds: () => ['test-epic'],
    capabilitiesOf: () => ({ lookup: true, serverDedupesOnExternalId: false }),
    requestBoundOf: () => 5_500,
    defaultRequestBoundMs: 5_500,
  });
}
