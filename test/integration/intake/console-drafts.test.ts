/**
 * The console's editors build what main validates: a draft made from what main sent, edited as an operator
 * would, is accepted as it is, and a stored date of birth survives the round trip without being seen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { dobDigestOf } from '../../../src/main/intake/canonical/guarantor-rules';
import { argumentIssues, formPathOf } from '../../../src/renderer/src/components/form/command-resolver';
import { mappingFromDraft, newDraft } from '../../../src/renderer/src/screens/quarantine/mapping-draft';
import {
  KIND_VALUES_NEEDED,
  MAPPING_BINDING,
} from '../../../src/renderer/src/screens/quarantine/mapping-rules';
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
    // What the editor shows before importing, by its own field names, judged by main's rules for a mapping.
    const shown = async (d: typeof draft) =>
      Object.fromEntries(
        (await argumentIssues(MAPPING_BINDING, d)).map((i) => [
          formPathOf(i.path, MAPPING_BINDING.fields),
          i.message,
        ]),
      );
    expect(await shown(draft)).toEqual({ source: 'The source needs a name' });
    const named = { ...draft, source: 'Guess Pay' };
    expect(await shown({ ...named, defaultCurrency: '' })).toEqual({
      'columns.currency': 'a currency column or a default currency is required',
    });
    expect(await shown({ ...named, defaultCurrency: 'US' })).toEqual({
      'columns.currency': 'Exactly 3 characters',
    });
    expect(await shown({ ...named, columns: { ...named.columns, amount: '' } })).toEqual({
      'columns.amount': 'Required',
    });
    // The editor's own rule, once main's are kept: a kind column needs the values that say what a row is.
    expect(await shown({ ...named, columns: { ...named.columns, kind: 'Note' } })).toEqual({
      kindValues: KIND_VALUES_NEEDED,
    });
    expect(await shown(named)).toEqual({});
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
