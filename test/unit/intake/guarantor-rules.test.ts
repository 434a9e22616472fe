import { describe, expect, it } from 'vitest';
import {
  GuarantorRules,
  normalizeDateOfBirth,
  resolveGuarantor,
  takeDateOfBirth,
} from '../../../src/main/intake/canonical/guarantor-rules';
import { WITHHELD, withholdFields } from '../../../src/main/intake/withhold-fields';

describe('dates of birth', () => {
  it('reads the spellings sites use and refuses what is not a calendar date', () => {
    expect(normalizeDateOfBirth('1961-07-14')).toBe('1961-07-14');
    expect(normalizeDateOfBirth('19610714')).toBe('1961-07-14');
    expect(normalizeDateOfBirth('7/4/1961')).toBe('1961-07-04');
    expect(normalizeDateOfBirth('1961-07-14T00:00:00Z')).toBe('1961-07-14');
    for (const bad of ['', '1961-02-30', '14.07.1961', '13/01/1961', 'July 14', '196107140']) {
      expect(normalizeDateOfBirth(bad)).toBeNull();
    }
  });

  it('takes the date-of-birth field out of the record, matched like other field names', () => {
    const rules = GuarantorRules.parse({ dateOfBirth: { field: 'Patient DOB', rules: [] } });
    const { dob, rest } = takeDateOfBirth({ patient_dob: '1961-07-14', facility: 'MAIN' }, rules);
    expect(dob).toEqual({ present: true, date: '1961-07-14' });
    expect(rest).toEqual({ facility: 'MAIN' });
    expect(takeDateOfBirth({ facility: 'MAIN' }, GuarantorRules.parse({})).dob).toEqual({ present: false });
  });

  it('withholds named fields as keys and as {key, value} pairs, leaving the rest', () => {
    const input = {
      payload: {
        merchantDefinedInformation: [
          { key: 'patientDob', value: '1961-07-14' },
          { key: 'x', value: 1 },
        ],
      },
      PATIENT_DOB: '1961-07-14',
    };
    expect(withholdFields(input, ['patientDob'])).toEqual({
      payload: {
        merchantDefinedInformation: [
          { key: 'patientDob', value: WITHHELD },
          { key: 'x', value: 1 },
        ],
      },
      PATIENT_DOB: WITHHELD,
    });
    expect(withholdFields(input, [])).toBe(input);
  });
});

describe('resolveGuarantor', () => {
  const rules = GuarantorRules.parse({
    mergedAccounts: [
      { ehr: 'epic', from: 'A', to: 'B' },
      { ehr: 'epic', from: 'X', to: null },
    ],
    dateOfBirth: {
      field: 'dob',
      rules: [{ ehr: 'epic', account: 'F', dateOfBirth: '1961-07-14', survivingAccount: 'A' }],
    },
  });
  const noDob = { present: false } as const;

  it('refuses what no rule resolves, without quoting the account', () => {
    const combined = resolveGuarantor('epic', 'X', noDob, rules);
    expect(combined).toMatchObject({ ok: false, rejection: { reasonCode: 'guarantor_mismatch' } });
    expect(JSON.stringify(combined)).not.toContain('"X"');
    expect(resolveGuarantor('epic', 'F', noDob, rules).ok).toBe(false);
    expect(resolveGuarantor('epic', 'F', { present: true, date: null }, rules).ok).toBe(false);
  });

  it('leaves unlisted and missing accounts alone, and chains a date-of-birth match into the merge map', () => {
    expect(resolveGuarantor('epic', 'Q', noDob, rules)).toEqual({ ok: true, account: 'Q', applied: [] });
    expect(resolveGuarantor('epic', null, noDob, rules)).toEqual({ ok: true, account: null, applied: [] });
    expect(resolveGuarantor('oracle_health', 'A', noDob, rules)).toMatchObject({ account: 'A', applied: [] });
    expect(resolveGuarantor('epic', 'F', { present: true, date: '1961-07-14' }, rules)).toEqual({
      ok: true,
      account: 'B',
      applied: ['account_dob', 'merged_account'],
      dobMatched: true,
    });
  });
});
