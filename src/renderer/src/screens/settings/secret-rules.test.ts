import { describe, expect, it } from 'vitest';
import { argumentIssues } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import { SECRET_EMPTY, secretArgs } from './secret-rules';

const binding = { command: 'secrets.set' as const, toArgs: secretArgs('epic-sandbox-secret') };

describe('a secret’s form, judged by secrets.set’s rules before sending', () => {
  it('refuses an empty secret under the field, in the command’s own words, and marks it required', async () => {
    expect(await argumentIssues(binding, SECRET_EMPTY)).toEqual([
      { path: 'value', message: 'A secret cannot be empty' },
    ]);
    expect([...(await requiredFields(binding, SECRET_EMPTY))]).toEqual(['value']);
  });

  it('refuses a secret longer than the vault takes', async () => {
    expect(await argumentIssues(binding, { value: 's'.repeat(4097) })).toEqual([
      { path: 'value', message: 'At most 4,096 characters' },
    ]);
  });

  it('says a missing vault entry for the whole form (no field holds its name)', async () => {
    const unnamed = { command: 'secrets.set' as const, toArgs: secretArgs('') };
    expect(await argumentIssues(unnamed, { value: 'sandbox-only' })).toEqual([
      { path: 'name', message: 'Required' },
    ]);
  });

  it('sends the value as typed, spaces included, for the entry the settings name', async () => {
    expect(secretArgs('smtp-password')({ value: ' pass phrase ' })).toEqual({
      name: 'smtp-password',
      value: ' pass phrase ',
    });
    expect(await argumentIssues(binding, { value: ' pass phrase ' })).toEqual([]);
  });
});
