import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('poison items', () => {
  it('one payment that breaks the engine is set aside with its reason; the others post', async () => {
    h = await harness({ ehr: 'epic', dataDir: tempDir() });
    const good = [h.pay(), h.pay()];
    // Corrupt one event the way a bad migration or a hand edit could: a currency the money code refuses.
    const bad = h.pay();
    h.app.store.db
      .prepare("UPDATE payment_events SET currency = 'XXX' WHERE id = ?")
      .run(h.app.repos.postings.get(bad)!.eventId);
    good.push(h.pay());
    await h.runUntil(h.clock.now() + HOUR);
    for (const id of good) expect(h.app.repos.postings.get(id)?.status).toBe('success');
    const poisoned = h.app.repos.postings.get(bad)!;
    expect(['not_applicable', 'needs_verification']).toContain(poisoned.status);
    expect(poisoned.reason).toBeTruthy();
    expect(h.sim.ledger.postings()).toHaveLength(good.length);
  });
});
