import { describe, expect, it } from 'vitest';
import { argumentIssues } from '../../components/form/command-resolver';
import { BULK_ACTIONS } from '../../../../shared/commands/console';
import { BULK_EMPTY, bulkPreviewArgs, needsAssignee } from './bulk-rules';

const filter = { ehr: 'epic' as const, search: 'G9200' };
const binding = { command: 'bulk.preview' as const, toArgs: bulkPreviewArgs(filter) };

describe('the bulk dialog, judged by bulk.preview’s rules before the preview is asked for', () => {
  it('refuses an assignment to nobody under the assignee, whatever spaces were typed', async () => {
    for (const assignee of ['', '   ']) {
      expect(await argumentIssues(binding, { ...BULK_EMPTY, action: 'assign', assignee })).toEqual([
        { path: 'assignee', message: 'Required' },
      ]);
    }
  });

  it('refuses an assignee longer than main stores', async () => {
    const assignee = 'a'.repeat(101);
    expect(await argumentIssues(binding, { ...BULK_EMPTY, action: 'assign', assignee })).toEqual([
      { path: 'assignee', message: 'At most 100 characters' },
    ]);
  });

  it('sends the queue’s filter, the action, and an assignee only when assigning (trimmed)', async () => {
    expect(bulkPreviewArgs(filter)({ ...BULK_EMPTY, action: 'assign', assignee: '  dana ' })).toEqual({
      filter,
      action: 'assign',
      assignee: 'dana',
    });
    // A name left in the field from an earlier choice is not sent with another action, nor judged.
    for (const action of ['retry', 'hold', 'release'] as const) {
      const values = { ...BULK_EMPTY, action, assignee: 'a'.repeat(101) };
      expect(bulkPreviewArgs(filter)(values)).toEqual({ filter, action, assignee: null });
      expect(await argumentIssues(binding, values)).toEqual([]);
    }
  });

  it('does not judge the typed confirmation (bulk.run’s, checked by main)', async () => {
    expect(await argumentIssues(binding, { ...BULK_EMPTY, confirmation: 'x'.repeat(500) })).toEqual([]);
    expect(bulkPreviewArgs(filter)({ ...BULK_EMPTY, confirmation: 'retry 900' })).not.toHaveProperty(
      'confirmation',
    );
  });

  it('marks the assignee required only when assigning', () => {
    expect(BULK_ACTIONS.filter(needsAssignee)).toEqual(['assign']);
  });
});
