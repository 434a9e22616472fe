import { afterEach, describe, expect, it } from 'vitest';
import { postingWorkRepository } from '../../../src/main/store/repositories/posting-work';
import { CLAIMED_AHEAD_MAX_WAIT_MS } from '../../../src/main/engine/engine-options';
import { useTempDirs } from '../../helpers/temp-dir';
import { attemptsOf, harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/**
 * Leaves a posting exactly as a process killed mid-send leaves it: claimed under a lease, its attempt
 * recorded and never finished. `committed` says whether the request had reached the EHR.
 */
async function crashMidSend(x: Harness, committed: boolean): Promise<number> {
  await x.app.engine.stop();
  const id = x.pay();
  const work = postingWorkRepository(x.app.store.db);
  const now = x.clock.now();
  const [claimed] = work.claimDue(
    `test-${x.app.repos.postings.get(id)!.ehr}`,
    now,
    1,
    'dead-process',
    now + 120_000,
  );
  expect(claimed?.id).toBe(id);
  work.beginAttempt(id, 'post', 'POST (recorded before sending)', now);
  if (committed) {
    // The EHR got it before the process died: post it for real, as the dead process's request did.
    const connection = x.app.engine.status().connections[0]!;
    expect(connection.id).toBeTruthy();
    const event = x.app.repos.events.get(x.app.repos.postings.get(id)!.eventId)!;
    const { createConnector } = await import('../../../src/main/connectors/ehr');
    const { connector } = createConnector(
      {
        id: 'direct',
        name: 'direct',
        ehr: 'epic',
        baseUrl: x.sim.baseUrl,
        tokenUrl: x.sim.tokenUrl,
        clientId: x.sim.clientId,
        clientSecret: x.sim.clientSecret,
      },
      { clock: x.clock, logger: x.app.logger },
    );
    expect((await connector.post(event)).ok).toBe(true);
    connector.close();
  }
  return id;
}

describe('crash safety: attempts left in flight', () => {
  it('a request that reached the EHR before the crash is found by lookup, never posted again', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), duplicatePolicy: 'accept_twice' });
    const id = await crashMidSend(h, true);
    expect(h.sim.ledger.postings()).toHaveLength(1);

    // Its lease has not run out, but this app holds the data folder's engine lock: no other engine lives, so
    // the starting engine knows the claim is a dead process's and recovers it at once.
    await h.app.engine.start();
    const recovered = h.app.repos.postings.get(id)!;
    expect(recovered.status).toBe('needs_verification');
    // The dead process's request may still be on its way: the lookup waits until it would have timed out
    // (the harness's connect and response timeouts, 500 ms each, and a second's margin), counted from the
    // latest it could have been sent: its attempt starts at the claim, and an item claimed ahead of a free
    // slot may wait up to CLAIMED_AHEAD_MAX_WAIT_MS before it goes.
    expect(recovered.nextAttemptAt).toBe(
      attemptsOf(h.app, id)[0]!.startedAt + CLAIMED_AHEAD_MAX_WAIT_MS + 2_000,
    );
    await h.runUntil(h.clock.now() + HOUR);

    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('success');
    expect(posting.reasonCode).toBe('found_in_ehr');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    const attempts = attemptsOf(h.app, id);
    expect(attempts.map((a) => [a.kind, a.outcome])).toEqual([
      ['post', 'ambiguous'],
      ['lookup', 'duplicate'],
    ]);
    expect(attempts[0]!.errorCode).toBe('interrupted');
  });

  it('a request that never reached the EHR is checked, then posted exactly once', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir(), duplicatePolicy: 'accept_twice' });
    const id = await crashMidSend(h, false);
    h.clock.advance(121_000);
    await h.app.engine.start();
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    expect(h.sim.ledger.postings()).toHaveLength(1);
    expect(attemptsOf(h.app, id).map((a) => a.kind)).toEqual(['post', 'lookup', 'post']);
  });

  it('where the EHR can be neither asked nor trusted to refuse duplicates, the item waits for a person', async () => {
    // Oracle Health as documented: the defaults (no lookup, no duplicate rejection, no dedupe setting).
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    await h.app.engine.stop();
    const id = h.pay();
    const work = postingWorkRepository(h.app.store.db);
    const now = h.clock.now();
    work.claimDue('test-oracle_health', now, 1, 'dead-process', now + 1_000);
    work.beginAttempt(id, 'post', 'POST', now);
    h.clock.advance(2_000);
    await h.app.engine.start();
    await h.runUntil(h.clock.now() + 48 * HOUR);
    const posting = h.app.repos.postings.get(id)!;
    expect(posting.status).toBe('needs_verification');
    expect(posting.nextStep).toMatch(/Check the EHR for this transaction id first/);
    expect(h.sim.stats.post).toBe(0);
  });

  it('an item claimed but never sent (no attempt recorded) simply goes back in the queue', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    await h.app.engine.stop();
    const id = h.pay();
    const work = postingWorkRepository(h.app.store.db);
    const now = h.clock.now();
    work.claimDue('test-epic', now, 1, 'dead-process', now + 1_000);
    h.clock.advance(2_000);
    await h.app.engine.start();
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('success');
    expect(attemptsOf(h.app, id).map((a) => a.kind)).toEqual(['post']);
  });
});
