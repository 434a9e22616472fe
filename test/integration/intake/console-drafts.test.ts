/**
 * The console's editors build what main validates: a draft made from what main sent, edited as an operator
 * would, is accepted as it is, and a stored date of birth survives the round trip without being seen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { dobDigestOf } from '../../../src/main/intake/canonical/guarantor-rules';
import {
  localIssues,
  mappingFromDraft,
  newDraft,
} from '../../../src/renderer/src/screens/quarantine/mapping-draft';
import { fromDraft, toDraft } from '../../../src/renderer/src/screens/settings/intake-rules-draft';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { consoleOf } from './console-helper';

const tempDir = useTempDirs();
let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('console drafts', () => {
  it('the intake rules form saves the defaults as defaults, and keeps a stored date of birth by its ref', async () => {
    app = await testApp(tempDir());
    const { call } = consoleOf(app);
    // Untouched defaults stay Clearpost's defaults (not a copy of them).
    const untouched = await call('intake.rules.save', {
      rules: fromDraft(toDraft(await call('intake.rules.get', {}))),
    });
    expect(untouched.fieldRulesAreDefaults).toBe(true);

    const draft = toDraft(untouched);
    draft.fieldRulesDefault = false;
    draft.fieldRules.push({ source: 'Loyalty Tier', target: 'loyaltyTier', transforms: 'trim+upper' });
    draft.defaultEhr = 'oracle_health';
    draft.mergedAccounts.push({ ehr: 'oracle_health', from: 'G10', to: '' });
    draft.dobEnabled = true;
    draft.dobField = 'patientDob';
    draft.dobRules.push({
      ehr: 'epic',
      account: 'G20',
      survivingAccount: '',
      ref: null,
      dateOfBirth: '07/14/1961',
    });
    const saved = await call('intake.rules.save', { rules: fromDraft(draft) });
    expect(saved.fieldRules.at(-1)).toEqual({
      source: 'Loyalty Tier',
      target: 'loyaltyTier',
      transforms: ['trim', 'upper'],
    });
    expect(saved.mergedAccounts).toEqual([{ ehr: 'oracle_health', from: 'G10', to: null }]);

    // Saved again from the form with nothing typed: the stored digest is kept.
    const again = toDraft(saved);
    expect(again.dobRules[0]).toMatchObject({ account: 'G20', dateOfBirth: '' });
    again.defaultFacility = 'MAIN';
    await call('intake.rules.save', { rules: fromDraft(again) });
    expect(app.repos.intakeSettings.raw('intake.cybersource')).toContain(
      dobDigestOf('epic', 'G20', '1961-07-14'),
    );

    // Turning the rules off removes them.
    const off = toDraft(await call('intake.rules.get', {}));
    off.dobEnabled = false;
    expect((await call('intake.rules.save', { rules: fromDraft(off) })).dateOfBirth).toBeNull();
  });

  it('the mapping editor guesses common headers, names what is missing, and builds a mapping main accepts', async () => {
    app = await testApp(tempDir());
    const { call } = consoleOf(app);
    const draft = newDraft(['Txn Ref', 'Paid', 'Paid On', 'Note'], ';');
    expect(draft.columns).toMatchObject({
      transactionId: 'Txn Ref',
      amount: 'Paid',
      transactionDate: 'Paid On',
      currency: '',
    });
    expect(localIssues(draft)).toEqual({ source: expect.any(String) as string });
    expect(localIssues({ ...draft, defaultCurrency: '' })).toHaveProperty(['columns.currency']);
    const saved = await call('imports.mappings.save', {
      source: 'Guess Pay',
      mapping: mappingFromDraft({ ...draft, source: 'Guess Pay' }),
    });
    expect(saved.mapping).toMatchObject({
      defaultCurrency: 'USD',
      delimiter: ';',
      columns: { amount: 'Paid' },
    });
  });
});
