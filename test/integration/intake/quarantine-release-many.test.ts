/** Issue 22: "set facility NORTH for every row of this file" — one correction, many quarantined rows. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/main/intake/reports/import-file';
import type { QuarantineReleaseManyResult } from '../../../src/shared/commands/quarantine';
import { auditActions, quarantineApi } from './quarantine-helper';
import { openTestStore, type TestStore } from './store-helper';

const PAN = '4111111111111111';
let t: TestStore;
let api: ReturnType<typeof quarantineApi>;

beforeEach(() => {
  t = openTestStore();
  api = quarantineApi(t);
});
afterEach(() => t.close());

/** Payment Batch Detail names no facility: imported without one, every good row waits in quarantine. */
async function importWithoutFacility(): Promise<number[]> {
  const summary = await importFile(
    join(__dirname, '../../fixtures/intake/batch-detail-reordered.csv'),
    {},
    { db: t.store.db, repos: t.repos, clock: t.clock },
  );
  expect(summary.imported).toBe(0);
  const rows = t.repos.quarantine.list({
    reasonCodes: ['missing_facility'],
    states: ['open'],
    limit: 500,
  }).rows;
  expect(rows.length).toBeGreaterThan(1);
  return rows.map((r) => r.id);
}

const releaseMany = (args: Record<string, unknown>) =>
  api.call<QuarantineReleaseManyResult>('quarantine.releaseMany', args);

describe('quarantine.releaseMany', () => {
  it('refuses a card number in the shared correction before touching any entry', async () => {
    const ids = await importWithoutFacility();
    await expect(
      releaseMany({ ids, corrections: { facility: 'NORTH', ehr: 'epic' }, note: `card ${PAN}` }),
    ).rejects.toMatchObject({ code: 'invalid_arguments' });
    expect(t.repos.quarantine.openCount()).toBe(ids.length);
    expect(t.repos.events.count()).toBe(0);
    expect(JSON.stringify(t.store.db.prepare('SELECT * FROM audit_events').all())).not.toContain(PAN);
  });

  it('refuses an empty set and a set larger than one batch, with the field named', async () => {
    const empty = await releaseMany({ ids: [], corrections: { facility: 'NORTH' } }).catch(
      (e: unknown) => e as { code: string; message: string },
    );
    expect(empty).toMatchObject({ code: 'invalid_arguments' });
    expect((empty as { message: string }).message).toMatch(/^ids:/);
    const tooMany = Array.from({ length: 501 }, (_, i) => i + 1);
    await expect(releaseMany({ ids: tooMany, corrections: {} })).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
  });

  it('releases every row named with the same facility, reports each outcome, and leaves the closed one alone', async () => {
    const ids = await importWithoutFacility();
    // Someone discarded one row meanwhile: it is refused with the reason, the others are still released.
    const [discarded, ...rest] = ids;
    await api.call('quarantine.discard', { id: discarded, reason: 'test row' });

    const result = await releaseMany({
      ids,
      corrections: { facility: 'NORTH', ehr: 'epic' },
      note: 'file fix',
    });
    expect(result).toMatchObject({
      released: rest.length,
      alreadyReceived: 0,
      stillQuarantined: 0,
      refused: 1,
    });
    const refused = result.items.find((i) => i.id === discarded);
    expect(refused?.outcome).toBe('refused');
    expect(refused?.message).toMatch(/discarded|closed|not open/i);
    for (const id of rest) {
      const entry = t.repos.quarantine.get(id)!;
      expect(entry.state).toBe('released');
      expect(t.repos.events.get(entry.releasedEventId!)).toMatchObject({ facility: 'NORTH', ehr: 'epic' });
      expect(auditActions(t, id)).toEqual(['quarantine.released']);
    }
    expect(t.repos.quarantine.openCount()).toBe(0);
    expect(api.changed.at(-1)).toEqual(['quarantined_inputs', 'payment_events', 'audit_events']);

    // Again: nothing is posted twice; every row is now refused as closed.
    const again = await releaseMany({ ids: rest, corrections: { facility: 'NORTH', ehr: 'epic' } });
    expect(again).toMatchObject({ released: 0, refused: rest.length });
    expect(t.repos.events.count()).toBe(rest.length);
  });
});

describe('facilities.list', () => {
  it('names the facilities on recent payments and the intake default, sorted, each once', async () => {
    expect(await api.call<string[]>('facilities.list', {})).toEqual([]);
    const ids = await importWithoutFacility();
    await releaseMany({ ids: ids.slice(0, 1), corrections: { facility: 'NORTH', ehr: 'epic' } });
    await releaseMany({ ids: ids.slice(1), corrections: { facility: 'MAIN', ehr: 'epic' } });
    expect(await api.call<string[]>('facilities.list', {})).toEqual(['MAIN', 'NORTH']);
  });
});
