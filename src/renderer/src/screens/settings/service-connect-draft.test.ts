import { describe, expect, it } from 'vitest';
import { argumentIssues, formPathOf } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import {
  EMPTY_SERVICE_CONNECT,
  SERVICE_CONNECT_FIELDS,
  toServiceConnectArgs,
  type ServiceConnectDraft,
} from './service-connect-draft';

const binding = {
  command: 'service.connect' as const,
  toArgs: toServiceConnectArgs,
  fields: SERVICE_CONNECT_FIELDS,
};
const FINGERPRINT = `${'ab:'.repeat(31)}ab`;
const filled: ServiceConnectDraft = {
  url: ' https://clearpost.hospital.example:8443/?token=t ',
  fingerprint: `SHA256 Fingerprint=${FINGERPRINT}`,
  username: ' dana ',
  password: 'a password of twelve',
  keepSession: false,
};

/** Paths as the form shows them: each refusal on the field it is typed in. */
const onFields = async (values: ServiceConnectDraft) =>
  (await argumentIssues(binding, values)).map((i) => ({ ...i, path: formPathOf(i.path, binding.fields) }));

describe('the service connection form, judged by service.connect’s own rules', () => {
  it('refuses an empty form on every field it needs, in words, and marks those four required', async () => {
    const issues = await onFields(EMPTY_SERVICE_CONNECT);
    expect(issues.map((i) => i.path)).toEqual(['url', 'fingerprint', 'username', 'password']);
    for (const issue of issues) expect(issue.message).not.toMatch(/invalid|expected|received/i);
    expect([...(await requiredFields(binding, EMPTY_SERVICE_CONNECT))].sort()).toEqual([
      'fingerprint',
      'password',
      'url',
      'username',
    ]);
  });

  it('refuses plain http and a short fingerprint with the schema’s sentences, on their fields', async () => {
    const issues = await onFields({ ...filled, url: 'http://clearpost.example/', fingerprint: 'AB:CD' });
    expect(issues).toEqual([
      { path: 'url', message: 'The service address starts with https://' },
      {
        path: 'fingerprint',
        message:
          'A SHA-256 fingerprint is 32 pairs of hex digits separated by colons (as clearpost serve prints it)',
      },
    ]);
  });

  it('accepts the fingerprint as openssl prints it, and sends the password exactly as typed', async () => {
    expect(await onFields(filled)).toEqual([]);
    expect(toServiceConnectArgs({ ...filled, password: ' spaced password ' })).toMatchObject({
      url: 'https://clearpost.hospital.example:8443/?token=t',
      password: ' spaced password ',
      keepSession: false,
    });
  });
});
