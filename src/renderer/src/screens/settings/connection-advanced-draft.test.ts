import { describe, expect, it } from 'vitest';
import { applyAdvanced, toAdvanced } from './connection-advanced-draft';
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

describe('the advanced connection fields', () => {
  it('refuses a refresh margin that is not a number, and keeps the saved one meanwhile', () => {
    const draft = { ...toAdvanced({ ...oracle, tokenSkewMs: 30_000 }), tokenSkewS: 'soon' };
    const { connection, issues } = applyAdvanced({ ...oracle, tokenSkewMs: 30_000 }, draft);
    expect(issues).toEqual({ tokenSkewMs: 'Enter a number of seconds, e.g. 60' });
    expect(connection.tokenSkewMs).toBe(30_000);
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
    const { connection } = applyAdvanced(oracle, {
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

  it("writes only the connection's own EHR fields", () => {
    const epic: ConnectionDoc = {
      id: 'ep',
      name: 'Epic',
      ehr: 'epic',
      clientSecretRef: 'ehr.ep.client-secret',
    };
    const { connection } = applyAdvanced(epic, {
      ...toAdvanced(epic),
      clientAuth: 'body',
      tokenSkewS: '1.5',
      accountPreference: 'hospital_first',
      batchPrefix: ' SITE-A ',
    });
    expect(connection).toEqual({
      ...epic,
      clientAuth: 'body',
      tokenSkewMs: 1_500,
      accountPreference: 'hospital_first',
      batchPrefix: 'SITE-A',
    });
    const oh = applyAdvanced(oracle, {
      ...toAdvanced(oracle),
      allocateTo: 'account_first',
      voidType: 'adjustment',
    });
    expect(oh.connection).toMatchObject({
      allocateTo: 'account_first',
      reversalTypes: { void: 'adjustment', refund: 'adjustment' },
    });
    expect(oh.connection).not.toHaveProperty('batchPrefix');
  });
});
