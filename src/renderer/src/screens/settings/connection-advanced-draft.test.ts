import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../shared/commands/settings';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import { advancedBinding, fromAdvanced, toAdvanced, type AdvancedDraft } from './connection-advanced-draft';
import type { ConnectionDoc } from './connection-draft';

const oracle: ConnectionDoc = {
  id: 'oh',
  name: 'Oracle',
  ehr: 'oracle_health',
  clientSecretRef: 'ehr.oh.client-secret',
  scope: 'system/FinancialTransaction.write',
  sites: {
    MAIN: { aliases: { one_time_payment: 'A', payment_plan: 'B' }, location: 'Front desk' },
    EAST: {},
  },
};
const epic: ConnectionDoc = { id: 'ep', name: 'Epic', ehr: 'epic', clientSecretRef: 'ehr.ep.client-secret' };
const view = { settings: { connections: [oracle, epic] } } as unknown as SettingsView;

/** The refusals of the connection's own rules, on the form field each is typed in. */
async function refusals(index: number, values: AdvancedDraft) {
  const binding = advancedBinding(view, index, index === 0 ? oracle : epic);
  const issues = await argumentIssues(binding, values);
  return issues.map((i) => ({ field: formPathOf(i.path, binding.fields), message: i.message }));
}

describe('the advanced connection fields, judged by the connection’s own rules', () => {
  it('refuses a refresh margin that is not seconds, or out of range, in seconds on its field', async () => {
    const draft = toAdvanced(epic);
    expect(await refusals(1, { ...draft, tokenSkewS: 'soon' })).toEqual([
      { field: 'tokenSkewS', message: 'Enter a number of seconds, e.g. 60' },
    ]);
    expect(await refusals(1, { ...draft, tokenSkewS: '-1' })).toEqual([
      { field: 'tokenSkewS', message: 'At least 0 seconds' },
    ]);
    expect(await refusals(1, { ...draft, tokenSkewS: '601' })).toEqual([
      { field: 'tokenSkewS', message: 'At most 600 seconds' },
    ]);
    // Blank is not "the default" here: the margin is always saved, so it asks for a number.
    expect(await refusals(1, { ...draft, tokenSkewS: ' ' })).toEqual([
      { field: 'tokenSkewS', message: 'Enter a number of seconds, e.g. 60' },
    ]);
  });

  it('refuses an Epic batch prefix and an Oracle location the schema does not take, on their fields', async () => {
    expect(await refusals(1, { ...toAdvanced(epic), batchPrefix: 'NOT ALLOWED!' })).toEqual([
      { field: 'batchPrefix', message: 'Not in the expected form' },
    ]);
    const draft = toAdvanced(oracle);
    expect(await refusals(0, { ...draft, locations: { ...draft.locations, EAST: 'x'.repeat(101) } })).toEqual(
      [{ field: 'locations.EAST', message: 'At most 100 characters' }],
    );
  });

  it('places main’s refusals after saving on their field, and marks the fields the rules need', async () => {
    const binding = advancedBinding(view, 0, oracle);
    expect(formPathOf('connections.0.sites.MAIN.location', binding.fields)).toBe('locations.MAIN');
    expect(formPathOf('connections.0.reversalTypes.refund', binding.fields)).toBe('refundType');
    expect(formPathOf('connections.0.tokenSkewMs', binding.fields)).toBe('tokenSkewS');
    // A site's aliases are not this panel's: their refusal is shown for the whole form.
    expect(formPathOf('connections.0.sites.EAST.reversalAlias', binding.fields)).toBe(
      'connections.0.sites.EAST.reversalAlias',
    );
    const marked = await requiredFields(binding, binding.defaultValues);
    expect(marked.has('tokenSkewS')).toBe(true);
    expect(marked.has('scope')).toBe(false);
    expect([...marked].some((f) => f.startsWith('locations'))).toBe(false);
    const epicMarked = await requiredFields(advancedBinding(view, 1, epic), toAdvanced(epic));
    expect(epicMarked.has('batchPrefix')).toBe(true);
  });

  it('accepts the saved values as they read, with no site aliases checked here', async () => {
    expect(await refusals(0, toAdvanced(oracle))).toEqual([]);
    expect(await refusals(1, toAdvanced(epic))).toEqual([]);
  });

  it('reads the EHR defaults where a field is absent, and leaves out a blank scope or location', () => {
    const draft = toAdvanced(oracle);
    expect(draft).toMatchObject({
      clientAuth: 'basic',
      tokenSkewS: '60',
      voidType: 'payment',
      refundType: 'adjustment',
    });
    expect(draft.locations).toEqual({ MAIN: 'Front desk', EAST: '' });
    const connection = fromAdvanced(oracle, {
      ...draft,
      scope: ' ',
      locations: { MAIN: '', EAST: ' Lobby ' },
    });
    expect(connection).not.toHaveProperty('scope');
    expect(connection.sites).toEqual({
      MAIN: { aliases: { one_time_payment: 'A', payment_plan: 'B' } },
      EAST: { location: 'Lobby' },
    });
  });

  it("writes only the connection's own EHR fields, and keeps the reversal types it does not show", () => {
    expect(
      fromAdvanced(epic, {
        ...toAdvanced(epic),
        clientAuth: 'body',
        tokenSkewS: '1,5',
        accountPreference: 'hospital_first',
        batchPrefix: ' SITE-A ',
      }),
    ).toEqual({
      ...epic,
      clientAuth: 'body',
      tokenSkewMs: 1_500,
      accountPreference: 'hospital_first',
      batchPrefix: 'SITE-A',
    });
    const withChargeback = {
      ...oracle,
      reversalTypes: { void: 'payment', refund: 'payment', chargeback: 'payment' },
    };
    const oh = fromAdvanced(withChargeback, {
      ...toAdvanced(withChargeback),
      allocateTo: 'account_first',
      voidType: 'adjustment',
    });
    expect(oh).toMatchObject({
      allocateTo: 'account_first',
      reversalTypes: { void: 'adjustment', refund: 'payment', chargeback: 'payment' },
    });
    expect(oh).not.toHaveProperty('batchPrefix');
  });
});
