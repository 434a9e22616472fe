import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { webhookSubscriptionFields } from '../../../../shared/commands/settings';
import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { EMPTY, MANUAL_FIELDS, manualPaymentArgs, type Form } from '../../screens/manual/manual-form';
import { argumentIssues, commandResolver, formPathOf } from './command-resolver';
import { requiredFields } from './use-command-form';

const manual = { command: 'payments.enterManual', toArgs: manualPaymentArgs, fields: MANUAL_FIELDS } as const;
/** zod's own English and paths, which a person must never read under a field. */
const ZOD_WORDS = /Too small|Too big|expected|Invalid input|received|>=|<=|\$\.|processorTxnId/;

const filled: Form = {
  ...EMPTY,
  processorTxnId: 'MAN-0042',
  amount: '80.25',
  facility: 'MAIN',
  guarantorAccount: 'G700001',
  date: '2026-03-02',
};

function options<V extends FieldValues>(values: V): ResolverOptions<V> {
  // Every value is a registered field, as `register` does for the screen's inputs.
  const fields = Object.fromEntries(Object.keys(values).map((name) => [name, { ref: { name }, name }]));
  return { fields, shouldUseNativeValidation: false };
}

describe('forms judged by the server’s own schema', () => {
  it('refuses an empty manual payment per field, in words', async () => {
    const issues = await argumentIssues(manual, EMPTY);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(['amount', 'facility', 'guarantorAccount', 'processorTxnId']);
    // The schema's own sentences win over the generic words.
    expect(byPath.amount).toBe('The amount is required');
    expect(byPath.facility).toBe('The facility is required');
    for (const message of Object.values(byPath)) expect(message).not.toMatch(ZOD_WORDS);
  });

  it('names the rule broken by a value that is too long or malformed, in words', async () => {
    const issues = await argumentIssues(manual, {
      ...filled,
      processorTxnId: 'MAN 0042',
      encounterId: 'E'.repeat(51),
    });
    expect(issues).toEqual([
      { path: 'processorTxnId', message: 'Letters, digits and . _ : - only' },
      { path: 'encounterId', message: 'At most 50 characters' },
    ]);
  });

  it('puts each refusal on the field it was typed in, and one about no field on the form', async () => {
    const resolve = commandResolver({
      command: 'postings.markManual' as const,
      // An item id the screen sets (here an impossible one): no field holds it.
      toArgs: (v: { ehrReference: string; note: string }) => ({ id: 0, ...v }),
    });
    const values = { ehrReference: 'R'.repeat(101), note: ' ' };
    const result = await resolve(values, undefined, options(values));
    expect(result.errors.ehrReference?.message).toBe('At most 100 characters');
    expect(result.errors.note?.message).toBe('A note is required');
    expect(result.errors.root?.message).toBe('Id: Must be more than zero');
    expect(result.values).toEqual({});
  });

  it('maps an argument typed under another name back to its field', () => {
    expect(formPathOf('transactionAt', MANUAL_FIELDS)).toBe('date');
    expect(formPathOf('corrections.facility', { corrections: 'set' })).toBe('set.facility');
    expect(formPathOf('amount', MANUAL_FIELDS)).toBe('amount');
  });

  it('knows which fields are required by asking the schema, not a second list', async () => {
    const required = await requiredFields(manual, EMPTY);
    // The lists must hold a choice too; the optional text fields, left empty, are sent without them.
    expect([...required].sort()).toEqual([
      'amount',
      'ehr',
      'facility',
      'guarantorAccount',
      'kind',
      'processorTxnId',
      'tender',
    ]);
  });

  it('passes a complete payment through unchanged', async () => {
    expect(await argumentIssues(manual, filled)).toEqual([]);
    const resolve = commandResolver(manual);
    const result = await resolve(filled, undefined, options(filled));
    expect(result.errors).toEqual({});
    expect(result.values).toEqual(filled);
  });

  it('checks a part of a document with main’s own rules for it (a webhook subscription in settings.save)', async () => {
    const binding = {
      command: 'settings.save' as const,
      toArgs: () => ({ settings: {} }),
      rules: {
        schema: z.object(webhookSubscriptionFields).strict(),
        input: (v: { keyId: string; tolerance: string }) => ({
          keyId: v.keyId,
          toleranceMinutes: /^\d+$/.test(v.tolerance) ? Number(v.tolerance) : v.tolerance,
        }),
      },
      fields: { toleranceMinutes: 'tolerance' },
    };
    const refused = await argumentIssues(binding, { keyId: ' ', tolerance: '2000' });
    expect(refused.map((i) => [formPathOf(i.path, binding.fields), i.message])).toEqual([
      ['keyId', 'Required'],
      ['tolerance', 'Minutes from 1 to 1440, or off'],
    ]);
    const words = await argumentIssues(binding, { keyId: 'k-1', tolerance: 'soon' });
    expect(words).toEqual([{ path: 'toleranceMinutes', message: 'Minutes from 1 to 1440, or off' }]);
    expect(await argumentIssues(binding, { keyId: 'k-1', tolerance: 'off' })).toEqual([]);
  });
});
