import { COMMANDS, type CommandArgs } from '../../../../shared/contract';
import type { BulkAction, QueueFilterInput } from '../../../../shared/commands/console';

/**
 * What the bulk dialog holds. It runs two commands: `bulk.preview`, whose arguments (the action, the
 * assignee) the operator chooses and types, judges the form; `bulk.run` takes the preview's id from main's
 * answer and the typed confirmation from these values, and main checks that phrase itself.
 */
export interface BulkValues {
  action: BulkAction;
  assignee: string;
  confirmation: string;
}
export const BULK_EMPTY: BulkValues = { action: 'retry', assignee: '', confirmation: '' };

/**
 * `bulk.preview`'s arguments for the queue's filter. Only an assignment carries an assignee: typed empty, it
 * is sent empty, so the command's own rule (an assignee has at least one character) refuses it under the
 * field; main's `null` would clear every assignee, which this dialog does not offer.
 */
export const bulkPreviewArgs =
  (filter: QueueFilterInput) =>
  (v: BulkValues): CommandArgs<'bulk.preview'> => ({
    filter,
    action: v.action,
    assignee: v.action === 'assign' ? v.assignee.trim() : null,
  });

/**
 * Whether the rules refuse an empty assignee for this action (only assigning needs one), asked of the
 * command's schema itself: the field is marked required only then. The required marks the form finds on its
 * own cannot see this, as they empty every text value, the chosen action included.
 */
export function needsAssignee(action: BulkAction): boolean {
  const args = bulkPreviewArgs({})({ ...BULK_EMPTY, action });
  const parsed = COMMANDS['bulk.preview'].args.safeParse(args);
  return !parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'assignee');
}
