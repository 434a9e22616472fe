import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const N = Number(process.env.AMBIGUITY_N ?? 1_000);

function statusCounts(app: Harness['app']) {
  return Object.fromEntries(app.repos.postings.countsByStatus().map((c) => [c.status, c.count]));
}

function ledgerDuplicates(sim: Harness['sim']): number {
  const seen = new Map<string, number>();
  for (const p of sim.ledger.postings()) seen.set(p.externalId, (seen.get(p.externalId) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}

// A thousand loopback round trips each: generous limits for a busy CI machine (not a speed assertion).
describe('ambiguous outcomes against the real simulator', { timeout: 180_000 }, () => {
  it(`${String(N)} posts committed by the EHR and then dropped: re-posts 0, duplicates 0, all Success linked`, async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), duplicatePolicy: 'accept_twice' });
    h.sim.faults.configure({ rates: [{ fault: { kind: 'commit_then_drop' }, rate: 1 }] });
    const ids = Array.from({ length: N }, () => h!.pay());
    // Every post drops its connection, so the endpoint's breaker keeps opening: draining takes simulated hours.
    await h.runUntil(h.clock.now() + 24 * HOUR);
    // The first post of each committed; the engine then found it by lookup instead of sending it again.
    expect(h.sim.stats.post).toBe(N);
    expect(ledgerDuplicates(h.sim)).toBe(0);
    expect(h.sim.ledger.postings()).toHaveLength(N);
    expect(statusCounts(h.app)).toEqual({ success: N });
    const refs = new Map(h.sim.ledger.postings().map((p) => [p.externalId, p.ehrReference]));
    for (const id of ids) {
      const posting = h.app.repos.postings.get(id)!;
      const event = h.app.repos.events.get(posting.eventId)!;
      expect(posting.reasonCode).toBe('found_in_ehr');
      expect(posting.ehrReference).toBe(refs.get(event.processorTxnId));
    }
  });

  it(`${String(N)} posts dropped before the EHR committed: each posted exactly once after a lookup`, async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), duplicatePolicy: 'accept_twice' });
    h.sim.faults.outageFor(60_000, 'drop');
    for (let i = 0; i < N; i++) h.pay();
    await h.app.engine.waitForIdle();
    expect(h.sim.ledger.postings()).toHaveLength(0);
    h.clock.advance(61_000);
    await h.runUntil(h.clock.now() + 6 * HOUR);
    expect(h.sim.ledger.postings()).toHaveLength(N);
    expect(ledgerDuplicates(h.sim)).toBe(0);
    expect(statusCounts(h.app)).toEqual({ success: N });
  });

  it('Oracle Health as documented (no lookup, no duplicate rejection): a post committed then dropped is held for verification, never re-sent', async () => {
    // Defaults only: the simulator creates a second transaction for a repeated id, the connection does not dedupe.
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    expect(h.sim.duplicatePolicy).toBe('accept_twice');
    h.sim.faults.enqueue([{ kind: 'commit_then_drop' }]);
    const id = h.pay();
    await h.runUntil(h.clock.now() + 48 * HOUR);
    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('needs_verification');
    expect(posting.reasonCode).toBe('ambiguous_unverifiable');
    expect(posting.nextStep).toMatch(/Check the EHR for this transaction id first/);
    expect(attemptsOf(h.app, id).map((a) => [a.kind, a.outcome])).toEqual([['post', 'ambiguous']]);
    expect(h.sim.stats.post).toBe(1);
    const event = h.app.repos.events.get(posting.eventId)!;
    expect(h.sim.ledger.findAll(event.processorTxnId)).toHaveLength(1);
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });

  it('Oracle Health as documented: a timeout that never committed is held for verification too, with nothing in the EHR', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir(), responseTimeoutMs: 300 });
    h.sim.faults.enqueue([{ kind: 'timeout' }]);
    const id = h.pay();
    await h.runUntil(h.clock.now() + 48 * HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('needs_verification');
    expect(h.sim.stats.post).toBe(1);
    expect(h.sim.ledger.postings()).toHaveLength(0);
  });

  it('Oracle Health as documented, many items: each dropped post is held, none posted twice, the rest posted once', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    h.sim.faults.configure({ rates: [{ fault: { kind: 'commit_then_drop' }, rate: 0.3 }] });
    const ids = Array.from({ length: 60 }, () => h!.pay());
    await h.runUntil(h.clock.now() + 48 * HOUR);
    const counts = statusCounts(h.app);
    expect(Object.keys(counts).sort()).toEqual(['needs_verification', 'success']);
    expect(counts.needs_verification).toBeGreaterThan(0);
    expect(ledgerDuplicates(h.sim)).toBe(0);
    // Every item went out exactly once and every one is in the EHR: held ones by their dropped post.
    expect(h.sim.stats.post).toBe(ids.length);
    expect(h.sim.ledger.postings()).toHaveLength(ids.length);
  });

  it('a site that refuses duplicates (opt-in): re-posted blindly, and its duplicate answer links the payment', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir(), duplicatePolicy: 'reject', dedupes: true });
    h.sim.faults.enqueue([{ kind: 'commit_then_drop' }]);
    const id = h.pay();
    await h.runUntil(h.clock.now() + 6 * HOUR);
    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('success');
    expect(posting.reasonCode).toBe('duplicate_linked');
    expect(h.sim.ledger.postings()).toHaveLength(1);
  });
});
