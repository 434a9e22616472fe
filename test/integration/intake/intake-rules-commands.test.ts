import { describe, expect, it } from 'vitest';
import { dobDigestOf } from '../../../src/main/intake/canonical/guarantor-rules';
import type { IntakeRulesDraft } from '../../../src/shared/commands/intake-rules';
import { useTempDirs } from '../../helpers/temp-dir';
import { as, base64, supervisor, useConsoleApp } from './console-helper';

const tempDir = useTempDirs();
const DOB = '1961-07-14';

const start = useConsoleApp(tempDir);

const RULES: IntakeRulesDraft = {
  fieldRules: [
    { source: 'Patient Account', target: 'guarantorAccount', transforms: ['trim', 'upper'] },
    { source: 'Plan', target: 'paymentPlanId', transforms: [] },
  ],
  defaultFacility: 'MAIN',
  defaultEhr: 'epic',
  guarantorRules: {
    mergedAccounts: [
      { ehr: 'epic', from: 'G100', to: 'G200' },
      { ehr: 'oracle_health', from: 'G300', to: null },
    ],
    dateOfBirth: {
      field: 'patientDob',
      rules: [{ ehr: 'epic', account: 'G500', dateOfBirth: DOB, survivingAccount: 'G501' }],
    },
  },
};

describe('intake.rules.get and intake.rules.save', () => {
  it('shows the defaults until rules are saved, then the saved rules, audited with the person', async () => {
    const { app, call } = await start();
    const before = await call('intake.rules.get', {}, as('viewer'));
    expect(before).toMatchObject({
      fieldRulesAreDefaults: true,
      defaultFacility: null,
      defaultEhr: null,
      mergedAccounts: [],
      dateOfBirth: null,
    });
    expect(before.fieldRules.length).toBeGreaterThan(0);
    expect(before.transforms).toContain('e164');

    const saved = await call('intake.rules.save', { rules: RULES });
    expect(saved).toMatchObject({
      fieldRulesAreDefaults: false,
      defaultFacility: 'MAIN',
      defaultEhr: 'epic',
      mergedAccounts: RULES.guarantorRules?.mergedAccounts,
      dateOfBirth: {
        field: 'patientDob',
        rules: [{ ehr: 'epic', account: 'G500', survivingAccount: 'G501' }],
      },
    });
    expect(saved.fieldRules).toEqual([
      { source: 'Patient Account', target: 'guarantorAccount', transforms: ['trim', 'upper'] },
      { source: 'Plan', target: 'paymentPlanId', transforms: [] },
    ]);
    // A viewer reads what the supervisor saved.
    expect(await call('intake.rules.get', {}, as('viewer'))).toEqual(saved);

    const audit = app.repos.audit.forSubject('settings', 'intake.rules');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: supervisor.actor, action: 'intake_rules.saved' });
    expect(audit[0]?.details).toMatchObject({ fieldRules: 2, mergedAccounts: 2, dateOfBirthRules: 1 });
    expect(JSON.stringify(audit)).not.toContain('G500');
  });

  it('never sends a date of birth (nor its digest) back, and keeps a stored one by its ref', async () => {
    const { app, call, failure } = await start();
    const saved = await call('intake.rules.save', { rules: RULES });
    const digest = dobDigestOf('epic', 'G500', DOB);
    const stored = () => app.repos.intakeSettings.raw('intake.cybersource') ?? '';
    expect(stored()).toContain(digest);
    expect(stored()).not.toContain(DOB);
    for (const view of [saved, await call('intake.rules.get', {}, as('viewer'))]) {
      const text = JSON.stringify(view);
      expect(text).not.toContain(DOB);
      expect(text).not.toContain(digest);
      expect(text).not.toContain('dateOfBirth":"');
    }
    const rule = saved.dateOfBirth?.rules[0];
    expect(rule?.ref).toMatch(/^[0-9a-f]{32}$/);

    // Saving the view back, the rule by its ref, keeps the stored digest; the surviving account may change.
    const kept = await call('intake.rules.save', {
      rules: {
        ...RULES,
        guarantorRules: {
          ...RULES.guarantorRules,
          dateOfBirth: {
            field: 'patientDob',
            rules: [{ ehr: 'epic', account: 'g500 ', ref: rule?.ref, survivingAccount: 'G777' }],
          },
        },
      },
    });
    expect(kept.dateOfBirth?.rules[0]).toMatchObject({ survivingAccount: 'G777', ref: rule?.ref });
    expect(stored()).toContain(digest);

    // A kept date cannot move to another account (its digest binds the account), nor can a ref be made up.
    const moved = await failure('intake.rules.save', {
      rules: {
        guarantorRules: {
          dateOfBirth: {
            field: 'patientDob',
            rules: [
              { ehr: 'epic', account: 'G999', ref: rule?.ref },
              { ehr: 'epic', account: 'G500', ref: 'f'.repeat(32) },
              { ehr: 'epic', account: 'G500', dobDigest: digest },
              { ehr: 'epic', account: 'G501' },
            ],
          },
        },
      },
    });
    expect(moved.code).toBe('invalid_arguments');
    const paths = moved.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'guarantorRules.dateOfBirth.rules.0.dateOfBirth',
        'guarantorRules.dateOfBirth.rules.1.dateOfBirth',
        'guarantorRules.dateOfBirth.rules.2.dobDigest',
        'guarantorRules.dateOfBirth.rules.3.dateOfBirth',
      ]),
    );
    expect(JSON.stringify(moved)).not.toContain(digest);
    // Nothing was saved by the refused call.
    expect((await call('intake.rules.get', {})).dateOfBirth?.rules).toHaveLength(1);
  });

  it('refuses invalid rules with every field named, and saves nothing', async () => {
    const { call, failure } = await start();
    const error = await failure('intake.rules.save', {
      rules: {
        fieldRules: [{ source: 'Plan', target: 'not an identifier', transforms: ['shout'] }],
        defaultEhr: 'meditech',
        defaultFacility: '',
        guarantorRules: {
          mergedAccounts: [{ ehr: 'epic', from: '', to: 'G1' }],
          dateOfBirth: {
            field: 'patientDob',
            rules: [{ ehr: 'epic', account: 'G1', dateOfBirth: '31/31/1990' }],
          },
        },
      },
    });
    expect(error.code).toBe('invalid_arguments');
    expect(error.message).toMatch(/^Intake rules not saved: /);
    const paths = error.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'fieldRules.0.target',
        'fieldRules.0.transforms.0',
        'defaultEhr',
        'defaultFacility',
        'guarantorRules.mergedAccounts.0.from',
        'guarantorRules.dateOfBirth.rules.0.dateOfBirth',
      ]),
    );
    expect(error.issues?.find((i) => i.path === 'fieldRules.0.target')?.message).toBe(
      'a target is a plain identifier',
    );
    expect(await call('intake.rules.get', {})).toMatchObject({
      fieldRulesAreDefaults: true,
      defaultEhr: null,
    });
  });

  it('judges the document by the rules the console shows too: a misspelt key is refused, each field named once', async () => {
    const { call, failure } = await start();
    // The stored settings' own schema would drop the unknown key and save the rest.
    const error = await failure('intake.rules.save', {
      rules: { defaultFacility: '', defaultFacilty: 'NORTH' },
    });
    expect(error.code).toBe('invalid_arguments');
    const issues = error.issues ?? [];
    expect(issues.filter((i) => i.path === 'defaultFacility')).toHaveLength(1);
    expect(issues.find((i) => i.path === '(rules)')?.message).toMatch(/defaultFacilty/);
    expect(await call('intake.rules.get', {})).toMatchObject({ defaultFacility: null });
  });

  it('lets viewers and operators read the rules but not save them', async () => {
    const { app, call, failure } = await start();
    for (const role of ['viewer', 'operator'] as const) {
      expect(await call('intake.rules.get', {}, as(role))).toMatchObject({ fieldRulesAreDefaults: true });
      const refused = await failure('intake.rules.save', { rules: { defaultEhr: 'epic' } }, as(role));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain('supervisor');
    }
    expect(app.repos.intakeSettings.raw('intake.cybersource')).toBeUndefined();
  });

  it('applies saved rules to the next import without a restart', async () => {
    const { call, finished } = await start();
    const mapping = {
      columns: { transactionId: 'Ref', amount: 'Paid', transactionDate: 'Paid On', guarantorAccount: 'Acct' },
      defaultCurrency: 'USD',
    };
    const file = (first: number) =>
      base64(
        `Ref,Paid,Paid On,Acct\nRL-${String(first)},25.00,2025-03-04,G2001\nRL-${String(first + 1)},10.50,2025-03-04,G2002\n`,
      );
    // No facility and no EHR in the file, and no defaults yet: both rows are held back.
    const first = await finished(
      (
        await call('imports.start', {
          fileName: 'a.csv',
          contentBase64: file(1),
          source: 'Rules Pay',
          mapping,
        })
      ).id,
    );
    expect(first).toMatchObject({ state: 'done', counts: { rows: 2, imported: 0, quarantined: 2 } });

    await call('intake.rules.save', { rules: { defaultFacility: 'MAIN', defaultEhr: 'epic' } });
    const second = await finished(
      (await call('imports.start', { fileName: 'b.csv', contentBase64: file(3), source: 'Rules Pay' })).id,
    );
    expect(second).toMatchObject({ state: 'done', counts: { rows: 2, imported: 2, quarantined: 0 } });
  });
});
