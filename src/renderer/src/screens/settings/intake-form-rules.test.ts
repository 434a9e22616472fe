import { describe, expect, it } from 'vitest';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import type { RulesDraft } from './intake-rules-draft';
import { INTAKE_BINDING, INTAKE_FIELDS, intakeRulesArgs, requiredFieldsOf } from './intake-form-rules';

const saved: RulesDraft = {
  fieldRulesDefault: true,
  fieldRules: [{ source: 'patient_account', target: 'guarantorAccount', transforms: 'trim' }],
  defaultFacility: '',
  defaultEhr: '',
  amountCeilingMinor: null,
  mergedAccounts: [],
  dobEnabled: false,
  dobField: '',
  dobRules: [],
};

/** Each issue under the draft's field it is typed in. */
const issuesOf = async (draft: RulesDraft) =>
  (await argumentIssues(INTAKE_BINDING, draft)).map((i) => [formPathOf(i.path, INTAKE_FIELDS), i.message]);

describe('the intake rules form, judged by the rules main saves with before sending', () => {
  it('refuses a merged account with no retired account under that cell, and an empty surviving one is review', async () => {
    const draft = { ...saved, mergedAccounts: [{ ehr: 'epic' as const, from: '  ', to: '' }] };
    expect(await issuesOf(draft)).toEqual([['mergedAccounts.0.from', 'Required']]);
    expect(
      intakeRulesArgs({ ...draft, mergedAccounts: [{ ehr: 'epic', from: 'G1', to: ' ' }] }).rules,
    ).toMatchObject({ guarantorRules: { mergedAccounts: [{ ehr: 'epic', from: 'G1', to: null }] } });
  });

  it('refuses a default facility longer than main stores, and sends none for a blank one', async () => {
    expect(await issuesOf({ ...saved, defaultFacility: 'F'.repeat(101) })).toEqual([
      ['defaultFacility', 'At most 100 characters'],
    ]);
    expect(intakeRulesArgs({ ...saved, defaultFacility: '   ' }).rules.defaultFacility).toBeNull();
  });

  it('judges an edited custom-field rule with the shared rule (a target is a plain identifier)', async () => {
    const edited = { ...saved, fieldRulesDefault: false };
    expect(
      await issuesOf({ ...edited, fieldRules: [{ source: 'Plan', target: 'plan id', transforms: '' }] }),
    ).toEqual([['fieldRules.0.target', 'a target is a plain identifier']]);
    // While the defaults are followed, the list is not sent, so not judged.
    expect(await issuesOf({ ...saved, fieldRules: [{ source: '', target: '', transforms: '' }] })).toEqual(
      [],
    );
  });

  it('asks a new date-of-birth rule for its date, keeps a stored one by its ref, and needs the field', async () => {
    const dob = {
      ...saved,
      dobEnabled: true,
      dobField: ' ',
      dobRules: [
        { ehr: 'epic' as const, account: 'G1', survivingAccount: '', ref: null, dateOfBirth: '' },
        { ehr: 'epic' as const, account: 'G2', survivingAccount: '', ref: 'r-2', dateOfBirth: '' },
      ],
    };
    expect(await issuesOf(dob)).toEqual([
      ['dobField', 'Required'],
      ['dobRules.0.dateOfBirth', 'Type the date of birth for this account'],
    ]);
    // Turned off, the rules are not sent (saving removes them), so not judged either.
    expect(await issuesOf({ ...dob, dobEnabled: false })).toEqual([]);
  });

  it('puts a refused transform, named by its place in the chain, on its rule’s one select', () => {
    expect(formPathOf('fieldRules.3.transforms.1', INTAKE_FIELDS)).toBe('fieldRules.3.transforms');
    expect(formPathOf('guarantorRules.dateOfBirth.rules.2.account', INTAKE_FIELDS)).toBe(
      'dobRules.2.account',
    );
  });

  it('marks each row’s required fields for the draft as it stands', () => {
    const draft: RulesDraft = {
      ...saved,
      fieldRulesDefault: false,
      mergedAccounts: [{ ehr: 'epic', from: 'G1', to: 'G2' }],
      dobEnabled: true,
      dobField: 'patientDob',
      dobRules: [
        { ehr: 'epic', account: 'G1', survivingAccount: '', ref: 'kept', dateOfBirth: '' },
        { ehr: 'epic', account: 'G3', survivingAccount: '', ref: null, dateOfBirth: '1980-01-02' },
      ],
    };
    expect([...requiredFieldsOf(draft)].sort()).toEqual([
      'dobField',
      'dobRules.0.account',
      'dobRules.1.account',
      'dobRules.1.dateOfBirth',
      'fieldRules.0.source',
      'fieldRules.0.target',
      'mergedAccounts.0.from',
    ]);
    expect([...requiredFieldsOf(saved)]).toEqual([]);
  });
});
