import { afterEach, describe, expect, it } from 'vitest';
import { notifiedFailuresRepository } from '../../../src/main/store/repositories/notified-failures';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from './harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A check Oracle Health refuses to map (its check number must be digits): Not Applicable at once. */
function unmappableCheck(harnessed: Harness): number {
  return harnessed.pay({
    tender: 'manual_check',
    amountMinor: 5_000,
    checkNumber: 'A10442',
    extras: { checkDate: '2026-11-20' },
  });
}

describe('Not Applicable windows act when they end', () => {
  it('still unmappable when its window ends: Failure with the reason, nothing sent, announced in the digest', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    const failed: number[] = [];
    h.app.engine.events.on('failed', (ids) => failed.push(...ids));
    const id = unmappableCheck(h);
    await h.runUntil(h.clock.now() + HOUR);
    const held = h.app.repos.postings.get(id)!;
    expect(held.status).toBe('not_applicable');
    // The guidance names the item's own window (the connection default, 48 hours), never "2 days".
    expect(held.nextStep).toContain('48-hour Not Applicable window');
    const endsAt = held.windowExpiresAt!;

    // Just before the end nothing changes.
    h.clock.set(endsAt - 1);
    expect(h.app.engine.sweepWindows()).toEqual({ requeued: [], failed: [] });
    expect(h.app.repos.postings.get(id)?.status).toBe('not_applicable');

    await h.runUntil(endsAt + 2 * 60_000);
    const after = h.app.repos.postings.get(id)!;
    expect(after.status).toBe('failure');
    expect(after.reasonCode).toBe('not_applicable_expired');
    expect(after.reason).toContain('48-hour window');
    expect(after.reason).toContain('check number');
    expect(after.nextStep).toBe('Manually post payment');
    expect(h.sim.stats.post).toBe(0);
    expect(failed).toContain(id);
    const unannounced = notifiedFailuresRepository(h.app.store.db).unannounced(10);
    expect(unannounced.map((f) => f.postingId)).toContain(id);
    const actions = h.app.repos.audit.forSubject('posting', String(id)).map((a) => a.action);
    expect(actions).toContain('posting.not_applicable_expired');
  });

  it('an item on hold is left alone when its window ends', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    const id = unmappableCheck(h);
    await h.runUntil(h.clock.now() + HOUR);
    h.app.store.db.prepare('UPDATE postings SET held = 1 WHERE id = ?').run(id);
    await h.runUntil(h.clock.now() + 49 * HOUR);
    expect(h.app.engine.sweepWindows()).toEqual({ requeued: [], failed: [] });
    expect(h.app.repos.postings.get(id)?.status).toBe('not_applicable');
  });

  it('a mapping fixed within the window posts it once the window ends', async () => {
    h = await harness({ ehr: 'oracle_health', dataDir: tempDir() });
    const id = unmappableCheck(h);
    await h.runUntil(h.clock.now() + HOUR);
    expect(h.app.repos.postings.get(id)?.status).toBe('not_applicable');
    // The data is corrected (the check number as the bank printed it); nothing is sent before the window ends.
    h.app.store.db
      .prepare(
        'UPDATE payment_events SET check_number = ? WHERE id = (SELECT event_id FROM postings WHERE id = ?)',
      )
      .run('10442', id);
    await h.runUntil(h.clock.now() + 24 * HOUR);
    expect(h.sim.stats.post).toBe(0);

    await h.runUntil(h.clock.now() + 26 * HOUR);
    const posted = h.app.repos.postings.get(id)!;
    expect(posted.status).toBe('success');
    expect(posted.ehrReference).toMatch(/^FT-PL-/);
    expect(h.sim.ledger.postings()).toHaveLength(1);
    const actions = h.app.repos.audit.forSubject('posting', String(id)).map((a) => a.action);
    expect(actions).toContain('posting.not_applicable_resolved');
  });
});
