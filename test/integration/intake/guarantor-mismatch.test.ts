import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleWebhook, type WebhookDeps } from '../../../src/main/intake/cybersource/webhook-handler';
import {
  loadIntakeConfig,
  saveIntakeConfig,
  type IntakeSettingsInput,
} from '../../../src/main/intake/intake-config';
import { releaseQuarantined } from '../../../src/main/intake/quarantine/release';
import { importFile } from '../../../src/main/intake/reports/import-file';
import { openTestStore, T0, type TestStore } from './store-helper';
import { CONFIG, envelope, payload, signedHeaders } from './webhook-helper';

const DOB = '1961-07-14';
let t: TestStore;

beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** Saves the rules as an operator would, and sends one webhook with the intake config as the app loads it. */
function configure(settings: IntakeSettingsInput) {
  saveIntakeConfig(t.repos.intakeSettings, settings, T0);
}

async function send(
  account: string,
  options: { id?: string; ehr?: string; dob?: string; status?: string; eventType?: string } = {},
) {
  const mdd = [
    { key: 'guarantorAccount', value: account },
    { key: 'facility', value: 'MAIN' },
    { key: 'ehr', value: options.ehr ?? 'Epic' },
    ...(options.dob !== undefined ? [{ key: 'patientDob', value: options.dob }] : []),
  ];
  const body = envelope(
    payload({
      id: options.id ?? '7412345678901234567890',
      merchantDefinedInformation: mdd,
      ...(options.status ? { status: options.status } : {}),
    }),
    options.eventType ? { eventType: options.eventType } : {},
  );
  const deps: WebhookDeps = {
    db: t.store.db,
    repos: t.repos,
    clock: t.clock,
    config: { ...CONFIG, ...loadIntakeConfig(t.repos.intakeSettings) },
  };
  return (await handleWebhook(JSON.stringify(body), signedHeaders(body, T0), deps)).body;
}

const extrasOf = (eventId: number | undefined) => t.repos.events.extrasOf(eventId!);

describe('unresolvable guarantor mismatches go to quarantine for review', () => {
  it('a combined account with no surviving account in the map', async () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G100', to: null }] } });
    const res = await send('G100');
    expect(res).toMatchObject({ outcome: 'quarantined' });
    const entry = t.repos.quarantine.get(res.quarantineId!)!;
    expect(entry.reasonCode).toBe('guarantor_mismatch');
    expect(entry.reason).toMatch(/combined into another record/);
    // The reason never quotes the patient's account.
    expect(entry.reason).not.toContain('G100');
    expect(t.repos.events.count()).toBe(0);
  });

  it('an account that needs a date of birth, with none, or one that matches no rule', async () => {
    configure({
      guarantorRules: {
        dateOfBirth: { field: 'patientDob', rules: [{ ehr: 'epic', account: 'F500', dateOfBirth: DOB }] },
      },
    });
    const none = await send('F500', { id: '7400000000000000000001' });
    const wrong = await send('F500', { id: '7400000000000000000002', dob: '1961-07-15' });
    const unreadable = await send('F500', { id: '7400000000000000000003', dob: 'July' });
    for (const [res, why] of [
      [none, /carries none/],
      [wrong, /does not match/],
      [unreadable, /does not match/],
    ] as const) {
      expect(res.outcome).toBe('quarantined');
      const entry = t.repos.quarantine.get(res.quarantineId!)!;
      expect(entry).toMatchObject({ reasonCode: 'guarantor_mismatch' });
      expect(entry.reason).toMatch(why);
    }
    // The date of birth is not kept, not even with the refused input.
    const kept = t.repos.quarantine.get(wrong.quarantineId!)!.redactedInput;
    expect(kept).not.toContain('1961');
    expect(kept).toContain('[removed: not kept]');
  });

  it('a merged-account map that loops', async () => {
    configure({
      guarantorRules: {
        mergedAccounts: [
          { ehr: 'epic', from: 'A1', to: 'B1' },
          { ehr: 'epic', from: 'B1', to: 'A1' },
        ],
      },
    });
    const res = await send('A1');
    expect(t.repos.quarantine.get(res.quarantineId!)).toMatchObject({ reasonCode: 'guarantor_mismatch' });
  });

  it('a declined payment is recorded, not sent to review, and says its account is unresolved', async () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G100', to: null }] } });
    const res = await send('G100', { status: 'DECLINED', eventType: 'payments.payments.reject' });
    expect(res).toMatchObject({ outcome: 'stored' });
    expect(extrasOf(res.eventId)).toMatchObject({ guarantorUnresolved: true });
  });

  it('a mismatch entry is released once the operator gives the surviving account', async () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G100', to: null }] } });
    const res = await send('G100');
    const released = releaseQuarantined(
      { id: res.quarantineId!, corrections: { guarantorAccount: 'G200' }, note: null, actor: 'pat' },
      { db: t.store.db, repos: t.repos, clock: t.clock },
    );
    expect(released.outcome).toBe('released');
    expect(t.repos.events.get(released.eventId!)).toMatchObject({ guarantorAccount: 'G200' });
  });
});

describe('rules that reconcile the account', () => {
  it('a merged account posts to the surviving one, following chains, per EHR, keeping the original', async () => {
    configure({
      guarantorRules: {
        mergedAccounts: [
          { ehr: 'epic', from: 'g100', to: 'G200' },
          { ehr: 'epic', from: 'G200', to: 'G300' },
          { ehr: 'oracle_health', from: 'G900', to: 'G901' },
        ],
      },
    });
    const merged = await send(' G100 ', { id: '7400000000000000000011' });
    expect(t.repos.events.get(merged.eventId!)).toMatchObject({ guarantorAccount: 'G300' });
    expect(extrasOf(merged.eventId)).toMatchObject({
      originalGuarantorAccount: 'G100',
      guarantorRule: 'merged_account',
    });
    // The Oracle Health map does not touch an Epic payment, and an unlisted account is left alone.
    const otherEhr = await send('G900', { id: '7400000000000000000012' });
    expect(t.repos.events.get(otherEhr.eventId!)).toMatchObject({ guarantorAccount: 'G900' });
    expect(extrasOf(otherEhr.eventId)).not.toHaveProperty('guarantorRule');
  });

  it('account + date of birth: a match confirms or remaps, and only the match result is kept', async () => {
    configure({
      guarantorRules: {
        dateOfBirth: {
          field: 'patientDob',
          rules: [
            { ehr: 'epic', account: 'F500', dateOfBirth: DOB, survivingAccount: 'F501' },
            { ehr: 'epic', account: 'F500', dateOfBirth: '1990-01-02' },
          ],
        },
        mergedAccounts: [{ ehr: 'epic', from: 'F501', to: 'F777' }],
      },
      fieldRules: [
        { source: 'guarantorAccount', target: 'guarantorAccount' },
        { source: 'facility', target: 'facility' },
        { source: 'ehr', target: 'ehr' },
        // A site rule copying the date of birth into the extras must not keep it either.
        { source: 'patientDob', target: 'dob' },
      ],
    });
    const remapped = await send('F500', { id: '7400000000000000000021', dob: '07/14/1961' });
    expect(t.repos.events.get(remapped.eventId!)).toMatchObject({ guarantorAccount: 'F777' });
    expect(extrasOf(remapped.eventId)).toMatchObject({
      originalGuarantorAccount: 'F500',
      guarantorRule: 'account_dob+merged_account',
      dobMatched: true,
    });
    const confirmed = await send('F500', { id: '7400000000000000000022', dob: '19900102' });
    expect(t.repos.events.get(confirmed.eventId!)).toMatchObject({ guarantorAccount: 'F500' });
    expect(extrasOf(confirmed.eventId)).toMatchObject({ guarantorRule: 'account_dob', dobMatched: true });
    expect(extrasOf(confirmed.eventId)).not.toHaveProperty('originalGuarantorAccount');
    expect(extrasOf(confirmed.eventId)).not.toHaveProperty('dob');

    // Neither date reaches the database file: settings keep a digest, events a boolean.
    const bytes = t.bytes();
    for (const d of ['1961-07-14', '07/14/1961', '1990-01-02', '19900102']) {
      expect(bytes.includes(Buffer.from(d))).toBe(false);
    }
  });

  it('applies to report rows too', async () => {
    configure({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G3001', to: 'G4001' }] } });
    const file = join(t.dir, 'tr.csv');
    writeFileSync(
      file,
      'Transaction Request Report,1.0,2025-03-02 to 2025-03-02\n' +
        'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action,guarantor_account\n' +
        'stmarys_hosp,1,vital,7600000000000000000001,1,HB-3001,SOK,80.00,USD,PENDING,G3001\n',
    );
    const summary = await importFile(
      file,
      { facility: 'MAIN', ehr: 'epic' },
      { db: t.store.db, repos: t.repos, clock: t.clock, config: loadIntakeConfig(t.repos.intakeSettings) },
    );
    expect(summary.imported).toBe(1);
    const event = t.repos.events.findByTxn('7600000000000000000001', 'one_time_payment')!;
    expect(event.guarantorAccount).toBe('G4001');
    expect(t.repos.events.extrasOf(event.id)).toMatchObject({ originalGuarantorAccount: 'G3001' });
  });
});

describe('guarantor rules in intake settings', () => {
  it('saves a date of birth only as a digest, and refuses rules that are not rules', () => {
    configure({
      guarantorRules: {
        dateOfBirth: { field: 'patientDob', rules: [{ ehr: 'epic', account: 'F500', dateOfBirth: DOB }] },
      },
    });
    const stored = JSON.stringify(t.repos.intakeSettings.get('intake.cybersource'));
    expect(stored).not.toContain(DOB);
    expect(stored).toMatch(/"dobDigest":"[0-9a-f]{64}"/);
    // What was saved loads back (the digest form is accepted as is).
    expect(loadIntakeConfig(t.repos.intakeSettings).guarantorRules?.dateOfBirth?.rules).toHaveLength(1);

    const bad = (rule: Record<string, unknown>) => () =>
      saveIntakeConfig(
        t.repos.intakeSettings,
        {
          guarantorRules: { dateOfBirth: { field: 'dob', rules: [{ ehr: 'epic', account: 'F1', ...rule }] } },
        },
        T0,
      );
    expect(bad({})).toThrow(/either dateOfBirth or dobDigest/);
    expect(bad({ dateOfBirth: '1961-02-30' })).toThrow(/not a date of birth/);
    expect(bad({ dateOfBirth: DOB, dobDigest: 'a'.repeat(64) })).toThrow(/either/);
    expect(() =>
      saveIntakeConfig(
        t.repos.intakeSettings,
        { guarantorRules: { mergedAccounts: [{ ehr: 'meditech', from: 'A', to: 'B' }] } },
        T0,
      ),
    ).toThrow();
  });
});
