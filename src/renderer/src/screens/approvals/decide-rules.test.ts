import { describe, expect, it } from 'vitest';
import { argumentIssues } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import { DECIDE_EMPTY, DECIDE_RULES, decideArgs } from './decide-rules';

const binding = {
  command: 'approvals.decide' as const,
  toArgs: decideArgs(7),
  rules: { schema: DECIDE_RULES, input: decideArgs(7) },
};

describe('the approvals decide form, judged by main’s rules before sending', () => {
  it('refuses a rejection without a note, under the note, in main’s words', async () => {
    for (const note of ['', '   ']) {
      expect(await argumentIssues(binding, { decision: 'reject', note })).toEqual([
        { path: 'note', message: 'Say why it is rejected: the person who entered it reads the note.' },
      ]);
    }
  });

  it('refuses a note longer than main stores, whichever the decision', async () => {
    const note = 'n'.repeat(2001);
    for (const decision of ['approve', 'reject'] as const) {
      expect(await argumentIssues(binding, { decision, note })).toEqual([
        { path: 'note', message: 'At most 2,000 characters' },
      ]);
    }
  });

  it('approves without a note, and sends no empty note', async () => {
    expect(await argumentIssues(binding, DECIDE_EMPTY)).toEqual([]);
    expect(decideArgs(7)({ decision: 'approve', note: '  ' })).toEqual({ id: 7, decision: 'approve' });
    expect(decideArgs(7)({ decision: 'reject', note: 'Wrong guarantor' })).toEqual({
      id: 7,
      decision: 'reject',
      note: 'Wrong guarantor',
    });
  });

  it('does not mark the note required: it is needed only to reject', async () => {
    expect((await requiredFields(binding, DECIDE_EMPTY)).has('note')).toBe(false);
  });
});
