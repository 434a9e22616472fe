import { describe, expect, it } from 'vitest';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import {
  EMPTY_DRAFT,
  NEW_CONNECTION_RULES,
  newConnectionFields,
  newConnectionInput,
  type NewConnectionDraft,
} from './new-connection-draft';

const binding = {
  schema: NEW_CONNECTION_RULES,
  input: newConnectionInput,
  toArgs: newConnectionInput,
  fields: newConnectionFields(2),
};

/** What the Add form shows under each field for these values, by the form's own field names. */
async function shown(draft: NewConnectionDraft): Promise<Record<string, string>> {
  const issues = await argumentIssues(binding, draft);
  return Object.fromEntries(issues.map((i) => [formPathOf(i.path, binding.fields), i.message]));
}

const epic: NewConnectionDraft = {
  ...EMPTY_DRAFT,
  ehr: 'epic',
  id: 'epic-main',
  name: 'Epic – Main',
  baseUrl: 'https://epic.hospital.example/api',
  tokenUrl: 'https://epic.hospital.example/oauth2/token',
  clientId: 'clearpost',
};

describe('adding a connection, judged by the connection’s own rules', () => {
  it('names every missing field of an Oracle Health connection, its first site included', async () => {
    expect(Object.keys(await shown(EMPTY_DRAFT)).sort()).toEqual(
      ['baseUrl', 'clientId', 'id', 'name', 'site', 'tokenUrl'].sort(),
    );
    expect((await shown(EMPTY_DRAFT)).site).toBe('At least one site');
  });

  it('refuses plain http to another machine and a malformed alias on their fields', async () => {
    expect(await shown({ ...epic, baseUrl: 'http://ehr.hospital.example/api' })).toEqual({
      baseUrl: 'Use https: plain http is allowed only to this machine (127.0.0.1, ::1, localhost)',
    });
    const oracle: NewConnectionDraft = {
      ...epic,
      ehr: 'oracle_health',
      site: 'MAIN',
      oneTime: 'ONE TIME',
      plan: 'PLAN',
      reversal: 'REV',
      refund: 'REF',
    };
    expect(await shown(oracle)).toEqual({
      oneTime: 'An alias is the site-defined code (letters, digits, - or _)',
    });
    expect(await shown({ ...oracle, oneTime: 'OTP' })).toEqual({});
    expect(await shown(epic)).toEqual({});
  });

  it('places main’s refusal after saving (another connection has this id) on its field', () => {
    expect(formPathOf('connections.2.id', binding.fields)).toBe('id');
    expect(formPathOf('connections.0.id', binding.fields)).toBe('connections.0.id');
  });
});
