import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../shared/commands/settings';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import { errorLeaves } from '../../components/form/error-leaves';
import { requiredFields } from '../../components/form/use-command-form';
import type { ConnectionDoc } from './connection-draft';
import {
  detailsBinding,
  fromDetailsDraft,
  siteProblems,
  toDetailsDraft,
  withoutSite,
  withSite,
  type DetailsDraft,
} from './connection-details-draft';

const MAIN = {
  aliases: { one_time_payment: 'OTP', payment_plan: 'PLAN' },
  reversalAlias: 'REV',
  refundAlias: 'REF',
};
const oracle: ConnectionDoc = {
  id: 'oh',
  name: 'Oracle',
  ehr: 'oracle_health',
  clientSecretRef: 'ehr.oh.client-secret',
  sites: { MAIN },
};
const epic: ConnectionDoc = { id: 'ep', name: 'Epic', ehr: 'epic', clientSecretRef: 'ehr.ep.client-secret' };
const view = { settings: { connections: [oracle, epic] } } as unknown as SettingsView;
const bindingOf = (index: 0 | 1) => detailsBinding(view, index, index === 0 ? oracle : epic);

/** The refusals of the connection's own rules, on the form field each is typed in. */
async function refusals(index: 0 | 1, values: DetailsDraft) {
  const binding = bindingOf(index);
  const issues = await argumentIssues(binding, values);
  return issues.map((i) => ({ path: formPathOf(i.path, binding.fields), message: i.message }));
}

describe('the more settings of a connection, judged by the connection’s own rules', () => {
  it('refuses a currency ISO 4217 does not know, and a blank one, on the currency field', async () => {
    const draft = toDetailsDraft(oracle);
    expect(await refusals(0, { ...draft, currency: 'XYZ' })).toEqual([
      { path: 'currency', message: 'Unknown ISO 4217 currency' },
    ]);
    expect(await refusals(0, { ...draft, currency: ' ' })).toEqual([
      { path: 'currency', message: 'Unknown ISO 4217 currency' },
    ]);
    expect(await refusals(0, { ...draft, currency: ' cad ' })).toEqual([]);
  });

  it('refuses an Epic path that does not start with /, in words on its field', async () => {
    const draft = toDetailsDraft(epic);
    expect(await refusals(1, { ...draft, lookupPath: 'api/lookup' })).toEqual([
      { path: 'lookupPath', message: 'A path starts with /' },
    ]);
  });

  it('lists a new site whose copied aliases break the rules under the sites, by site and alias', async () => {
    const noRefund: ConnectionDoc = { ...oracle, sites: { MAIN: { ...MAIN, refundAlias: '' } } };
    const binding = detailsBinding(view, 0, noRefund);
    const values = withSite(toDetailsDraft(noRefund), 'EAST');
    const issues = (await argumentIssues(binding, values)).map((i) => ({
      ...i,
      path: formPathOf(i.path, binding.fields),
    }));
    const rule = 'Refund alias: An alias is the site-defined code (letters, digits, - or _)';
    expect(siteProblems(issues)).toEqual([`MAIN: ${rule}`, `EAST: ${rule}`]);
    expect(siteProblems([{ path: 'sites', message: 'At least one site' }])).toEqual(['At least one site']);
    // As the form holds them: react-hook-form's error tree, the element each error points at left out.
    const tree = {
      EAST: { refundAlias: { type: 'server', message: 'Refused by the EHR rules', ref: { name: 'x' } } },
    };
    expect(siteProblems(errorLeaves(tree, 'sites'))).toEqual([
      'EAST: Refund alias: Refused by the EHR rules',
    ]);
  });

  it('places main’s refusals after saving on their field, and marks what the rules need', async () => {
    const { fields } = bindingOf(0);
    expect(formPathOf('connections.0.methods.manual_check', fields)).toBe('methods.manual_check');
    expect(formPathOf('connections.0.dedupesOnExternalId', fields)).toBe('dedupes');
    expect(formPathOf('connections.0.sites.EAST.reversalAlias', fields)).toBe('sites.EAST.reversalAlias');
    expect(formPathOf('connections.1.paths.post', bindingOf(1).fields)).toBe('postPath');
    const epicMarked = await requiredFields(bindingOf(1), toDetailsDraft(epic));
    expect([...epicMarked].sort()).toEqual(['currency', 'lookupPath', 'postPath']);
  });

  it('saves a new site with the first one’s aliases, keeps saved aliases, and writes only its EHR’s fields', async () => {
    const draft = { ...withSite(toDetailsDraft(oracle), 'EAST'), currency: 'cad' };
    expect(await refusals(0, draft)).toEqual([]);
    const saved = fromDetailsDraft(oracle, { ...draft, methods: { ...draft.methods, manual_check: 'CCHK' } });
    expect(saved).toMatchObject({
      currency: 'CAD',
      dedupesOnExternalId: false,
      methods: { card: 'CCCA', echeck: 'CHCK', manual_check: 'CCHK', cash: 'CASH' },
      sites: { MAIN, EAST: MAIN },
    });
    expect(saved).not.toHaveProperty('paths');
    expect(fromDetailsDraft(oracle, withoutSite(draft, 'MAIN')).sites).toEqual({ EAST: MAIN });
    expect(fromDetailsDraft(epic, toDetailsDraft(epic))).toEqual({
      ...epic,
      currency: 'USD',
      dedupesOnExternalId: true,
      paths: {
        post: '/api/epic/2025/Billing/External/Payments',
        lookup: '/api/epic/2025/Billing/External/Payments',
      },
    });
  });
});
