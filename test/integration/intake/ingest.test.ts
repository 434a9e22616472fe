import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_RULES } from '../../../src/main/intake/cybersource/webhook-config';
import { ingest, type IngestDeps } from '../../../src/main/intake/ingest';
import { loadIntakeConfig, saveIntakeConfig } from '../../../src/main/intake/intake-config';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { openTestStore, T0, type TestStore } from './store-helper';

let t: TestStore;
let deps: IngestDeps;
beforeEach(() => {
  t = openTestStore();
  deps = { db: t.store.db, repos: t.repos, clock: t.clock };
});
afterEach(() => t.close());

const event: NewPaymentEvent = {
  source: 'manual',
  processorTxnId: 'M-1',
  kind: 'one_time_payment',
  tender: 'cash',
  amountMinor: 500,
  currency: 'USD',
  ehr: 'epic',
  facility: 'MAIN',
  transactionAt: T0,
};

describe('the single intake path', () => {
  it('never hands card data to the mapper, and quarantines it', () => {
    let mapperCalled = false;
    const result = ingest(
      {
        source: 'manual',
        sourceRef: 'console',
        input: { note: '4111111111111111' },
        map: () => {
          mapperCalled = true;
          return { ok: true, event, disposition: 'post' };
        },
      },
      deps,
    );
    expect(result).toMatchObject({ outcome: 'quarantined', reasonCode: 'card_number', repeat: false });
    expect(mapperCalled).toBe(false);
  });

  it('quarantines when the mapper throws, and when the mapped event fails the schema', () => {
    const thrown = ingest(
      {
        source: 'manual',
        sourceRef: null,
        input: { a: 1 },
        map: () => {
          throw new TypeError('bug');
        },
      },
      deps,
    );
    expect(thrown).toMatchObject({ outcome: 'quarantined', reasonCode: 'invalid_payload' });
    const invalid = ingest(
      {
        source: 'manual',
        sourceRef: null,
        input: { a: 2 },
        map: () => ({ ok: true, event: { ...event, currency: 'usd', cardLast4: '12' }, disposition: 'post' }),
      },
      deps,
    );
    expect(invalid).toMatchObject({ outcome: 'quarantined', reasonCode: 'invalid_event' });
    const reason = t.store.db
      .prepare<[], { reason: string }>(
        "SELECT reason FROM quarantined_inputs WHERE reason_code = 'invalid_event'",
      )
      .get();
    expect(reason?.reason).toMatch(/currency.*cardLast4|cardLast4.*currency/s);
  });

  it('a mapper cannot assemble a card number from clean parts', () => {
    const res = ingest(
      {
        source: 'manual',
        sourceRef: null,
        input: { a: '4111', b: '111111111111' },
        map: () => ({ ok: true, event: { ...event, merchantRef: '4111111111111111' }, disposition: 'post' }),
      },
      deps,
    );
    expect(res).toMatchObject({ outcome: 'quarantined', reasonCode: 'card_number' });
    expect(t.bytes().includes('4111111111111111')).toBe(false);
  });

  it('stores once, reports duplicates, and the same refused input lands on one quarantine entry', () => {
    const ok = {
      source: 'manual' as const,
      sourceRef: null,
      input: { x: 1 },
      map: () => ({ ok: true as const, event, disposition: 'post' as const }),
    };
    expect(ingest(ok, deps)).toMatchObject({ outcome: 'stored', disposition: 'post' });
    expect(ingest(ok, deps)).toMatchObject({ outcome: 'duplicate' });
    const bad = {
      source: 'manual' as const,
      sourceRef: null,
      input: { cvv: '123', note: 'x' },
      map: () => ({ ok: true as const, event, disposition: 'post' as const }),
    };
    const first = ingest(bad, deps);
    expect(ingest(bad, deps)).toMatchObject({
      outcome: 'quarantined',
      repeat: true,
      quarantineId: first.outcome === 'quarantined' ? first.quarantineId : -1,
    });
    expect(t.repos.quarantine.openCount()).toBe(1);
  });

  it('rolls the event back when the engine hook fails, so event and posting commit together', () => {
    const failing: IngestDeps = {
      ...deps,
      onEventStored: () => {
        throw new Error('posting insert failed');
      },
    };
    expect(() =>
      ingest(
        {
          source: 'manual',
          sourceRef: null,
          input: {},
          map: () => ({ ok: true, event, disposition: 'post' }),
        },
        failing,
      ),
    ).toThrow('posting insert failed');
    expect(t.repos.events.count()).toBe(0);
  });
});

describe('intake settings', () => {
  it('saves validated settings and falls back to defaults when the stored value is bad', () => {
    expect(loadIntakeConfig(t.repos.intakeSettings)).toMatchObject({
      defaultFacility: null,
      fieldRules: DEFAULT_FIELD_RULES,
    });
    const saved = saveIntakeConfig(
      t.repos.intakeSettings,
      {
        defaultFacility: 'MAIN',
        defaultEhr: 'epic',
        fieldRules: [{ source: 'MDD7', target: 'guarantorAccount' }],
      },
      T0,
    );
    expect(saved.fieldRules).toEqual([{ source: 'MDD7', target: 'guarantorAccount', transforms: [] }]);
    expect(loadIntakeConfig(t.repos.intakeSettings)).toEqual(saved);
    expect(() => saveIntakeConfig(t.repos.intakeSettings, { defaultEhr: 'meditech' }, T0)).toThrow();
    t.repos.intakeSettings.put('intake.cybersource', { defaultEhr: 42 }, T0);
    expect(loadIntakeConfig(t.repos.intakeSettings).defaultEhr).toBeNull();
  });
});
