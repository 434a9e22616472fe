import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapCanonicalEvent } from '../../../src/main/intake/canonical-entry';
import { DEFAULT_INTAKE_CONFIG } from '../../../src/main/intake/cybersource/webhook-config';
import { ingest } from '../../../src/main/intake/ingest';
import { saveIntakeConfig, type IntakeSettingsInput } from '../../../src/main/intake/intake-config';
import {
  enterManualPayment,
  ManualEntryRefused,
  type ManualEntry,
} from '../../../src/main/intake/manual-entry';
import type { NewPaymentEvent } from '../../../src/main/store/repositories/events';
import { openTestStore, T0, type TestStore } from './store-helper';

/**
 * Manual entries and the sandbox's cash and checks take intake's one path: the same guard, guarantor rules,
 * validation, ceiling, one-kind rule and quarantine as webhooks and report rows, on a real SQLite file.
 */
let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const FORM: ManualEntry = {
  processorTxnId: 'RCPT-1',
  kind: 'one_time_payment',
  tender: 'manual_check',
  amount: '80.25',
  currency: 'usd',
  ehr: 'epic',
  facility: 'MAIN',
  guarantorAccount: 'G5000',
  checkNumber: '1042',
};

const deps = () => ({ db: t.store.db, repos: t.repos, clock: t.clock });
const configure = (settings: IntakeSettingsInput) => saveIntakeConfig(t.repos.intakeSettings, settings, T0);
const queued = () =>
  t.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM admission_queue').get()?.n ?? 0;

function refusal(form: ManualEntry): ManualEntryRefused {
  try {
    enterManualPayment(deps(), form, 'sam');
  } catch (error) {
    if (error instanceof ManualEntryRefused) return error;
    throw error;
  }
  throw new Error('the entry was stored');
}

describe('a manual entry intake refuses', () => {
  it('an amount that is not money is refused at its field and nothing is stored', () => {
    for (const amount of ['12,50', '1.234', '0', '-5']) {
      const refused = refusal({ ...FORM, amount });
      expect(refused.code).toBe('invalid');
      expect(refused.field).toBe('amount');
    }
    expect(t.repos.events.count()).toBe(0);
    expect(t.repos.quarantine.openCount()).toBe(0);
  });

  it('a card number typed as the receipt number is kept in quarantine masked, never stored', () => {
    const refused = refusal({ ...FORM, processorTxnId: '4111111111111111' });
    expect(refused.code).toBe('quarantined');
    expect(refused.message).toMatch(/card number/);
    const entry = t.repos.quarantine.get(refused.quarantineId!);
    expect(entry?.reasonCode).toBe('card_number');
    expect(entry?.source).toBe('manual');
    expect(t.bytes().includes(Buffer.from('4111111111111111'))).toBe(false);
    expect(t.repos.events.count()).toBe(0);
  });

  it('a transaction already held as another kind (the one-kind rule of every path)', () => {
    enterManualPayment(deps(), { ...FORM, kind: 'refund' }, 'sam');
    const refused = refusal(FORM);
    expect(refused.code).toBe('quarantined');
    expect(refused.field).toBe('kind');
    expect(t.repos.quarantine.get(refused.quarantineId!)?.reasonCode).toBe('kind_conflict');
    expect(t.repos.events.kindsOf('RCPT-1')).toEqual(['refund']);
  });

  it('an amount above the site ceiling', () => {
    configure({ amountCeilingMinor: 5_000 });
    const refused = refusal(FORM);
    expect(refused.field).toBe('amount');
    expect(t.repos.quarantine.get(refused.quarantineId!)?.reasonCode).toBe('above_ceiling');
  });

  it('a combined account the guarantor rules cannot resolve', () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G5000', to: null }] } });
    const refused = refusal(FORM);
    expect(refused.field).toBe('guarantorAccount');
    expect(t.repos.quarantine.get(refused.quarantineId!)?.reasonCode).toBe('guarantor_mismatch');
    expect(t.repos.events.count()).toBe(0);
  });

  it('the same entry twice: the second is a conflict, the first untouched', () => {
    const first = enterManualPayment(deps(), FORM, 'sam');
    const refused = refusal({ ...FORM, amount: '99.00' });
    expect(refused.code).toBe('conflict');
    expect(refused.field).toBe('processorTxnId');
    expect(t.repos.events.get(first.eventId)?.amountMinor).toBe(8_025);
  });
});

describe('a manual entry intake accepts', () => {
  it('is stored with its admission-queue row and an audit entry, the merged account followed', () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G5000', to: 'G6000' }] } });
    const { eventId } = enterManualPayment(deps(), FORM, 'sam');
    const event = t.repos.events.get(eventId);
    expect(event).toEqual(
      expect.objectContaining({
        source: 'manual',
        amountMinor: 8_025,
        currency: 'USD',
        guarantorAccount: 'G6000',
        transactionAt: T0,
        checkNumber: '1042',
      }),
    );
    expect(t.repos.events.extrasOf(eventId)).toEqual(
      expect.objectContaining({ enteredBy: 'sam', originalGuarantorAccount: 'G5000' }),
    );
    expect(queued()).toBe(1);
    expect(t.repos.audit.forSubject('payment_event', String(eventId)).map((a) => a.action)).toEqual([
      'payment.manual_entered',
    ]);
  });
});

describe("the sandbox's cash and checks enter as canonical events through the same path", () => {
  const CASH: NewPaymentEvent = {
    source: 'sandbox',
    processorTxnId: 'SBX-CASH-1',
    kind: 'one_time_payment',
    tender: 'cash',
    amountMinor: 2_000,
    currency: 'USD',
    ehr: 'oracle_health',
    facility: 'MAIN',
    guarantorAccount: 'G1',
    transactionAt: T0,
    extras: { cashTenderedMinor: 2_000 },
  };
  const enter = (event: unknown) =>
    ingest(
      {
        source: 'sandbox',
        sourceRef: 'sandbox traffic',
        input: event,
        map: (clean) => mapCanonicalEvent(clean, DEFAULT_INTAKE_CONFIG),
      },
      { db: t.store.db, repos: t.repos, clock: t.clock },
    );

  it('an event that is not canonical is quarantined with the failing fields named', () => {
    const result = enter({ ...CASH, amountMinor: 0, currency: 'XXQ' });
    expect(result.outcome).toBe('quarantined');
    if (result.outcome !== 'quarantined') return;
    const entry = t.repos.quarantine.get(result.quarantineId);
    expect(entry?.reasonCode).toBe('invalid_event');
    expect(entry?.reason).toMatch(/amountMinor/);
    expect(entry?.reason).toMatch(/currency/);
    expect(t.repos.events.count()).toBe(0);
  });

  it('a valid one is stored once, queued for the engine, and a repeat is a duplicate', () => {
    const first = enter(CASH);
    expect(first.outcome).toBe('stored');
    expect(enter(CASH).outcome).toBe('duplicate');
    expect(t.repos.events.count()).toBe(1);
    expect(queued()).toBe(1);
  });
});
