import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../shared/commands/settings';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import { connectionBinding, type ConnectionDoc } from './connection-draft';

const oracle: ConnectionDoc = {
  id: 'oracle-main',
  name: 'Oracle Health – Main',
  ehr: 'oracle_health',
  baseUrl: 'https://fhir.hospital.example/r4',
  tokenUrl: 'https://auth.hospital.example/token',
  clientId: 'clearpost',
  clientSecretRef: 'ehr.oracle-main.client-secret',
  timeZone: 'America/Chicago',
  sites: {
    MAIN: {
      aliases: { one_time_payment: 'OTP', payment_plan: 'PLAN' },
      reversalAlias: 'REV',
      refundAlias: 'REF',
    },
  },
};
const view = {
  settings: { version: 2, connections: [{ id: 'epic-main' }, oracle] },
} as unknown as SettingsView;
const binding = connectionBinding(view, 1, oracle);

/** What the editor shows under each field for these values, by the form's own field names. */
async function shown(edit: Partial<typeof binding.defaultValues>): Promise<Record<string, string>> {
  const issues = await argumentIssues(binding, { ...binding.defaultValues, ...edit });
  return Object.fromEntries(issues.map((i) => [formPathOf(i.path, binding.fields), i.message]));
}

describe('the connection editor judged by the connection’s own rules (shared with main)', () => {
  it('refuses a duration that is not a number, or out of range, in the unit the field is typed in', async () => {
    expect(await shown({ retryWindowH: 'a day', connectTimeoutS: '0.05', responseTimeoutS: '' })).toEqual({
      retryWindowH: 'Must be a number',
      connectTimeoutS: 'At least 0.1 seconds',
      responseTimeoutS: 'Must be a number',
    });
    expect(await shown({ connectTimeoutS: '121' })).toEqual({ connectTimeoutS: 'At most 120 seconds' });
  });

  it('puts an address, time zone or alias main would refuse on its field, with main’s own sentence', async () => {
    expect(
      await shown({
        baseUrl: 'not a url',
        tokenUrl: 'http://auth.hospital.example/token',
        timeZone: 'Mars/Olympus',
        sites: { MAIN: { oneTime: 'ONE TIME', plan: 'PLAN', reversal: 'REV', refund: 'REF' } },
      }),
    ).toEqual({
      baseUrl: 'Expected an http(s) URL',
      tokenUrl: 'Use https: plain http is allowed only to this machine (127.0.0.1, ::1, localhost)',
      timeZone: 'Unknown IANA time zone',
      'sites.MAIN.oneTime': 'An alias is the site-defined code (letters, digits, - or _)',
    });
  });

  it('accepts the saved connection and sends it in the document, durations in milliseconds', async () => {
    expect(await shown({ retryWindowH: '30', connectTimeoutS: '2.5' })).toEqual({});
    const args = binding.toArgs({ ...binding.defaultValues, retryWindowH: '30', connectTimeoutS: '2.5' });
    const sent = args.settings.connections[1];
    expect(sent?.retry?.windowMs).toBe(30 * 3_600_000);
    expect(sent?.connectTimeoutMs).toBe(2_500);
    expect(args.settings.connections[0]).toEqual({ id: 'epic-main' });
  });

  it('marks what cannot be left empty, and places main’s refusal after saving on its field', async () => {
    const required = await requiredFields(binding, binding.defaultValues);
    expect([...required].sort()).toEqual(
      [
        'name',
        'baseUrl',
        'tokenUrl',
        'clientId',
        'timeZone',
        'connectTimeoutS',
        'responseTimeoutS',
        'retryIntervalH',
        'retryWindowH',
        'notApplicableWindowH',
        'sites.MAIN.oneTime',
        'sites.MAIN.plan',
        'sites.MAIN.reversal',
        'sites.MAIN.refund',
      ].sort(),
    );
    expect(formPathOf('connections.1.retry.windowMs', binding.fields)).toBe('retryWindowH');
    expect(formPathOf('connections.1.sites.MAIN.refundAlias', binding.fields)).toBe('sites.MAIN.refund');
    // Another connection's problem is no field of this form: it stays on the form, named in words.
    expect(formPathOf('connections.0.name', binding.fields)).toBe('connections.0.name');
  });
});
