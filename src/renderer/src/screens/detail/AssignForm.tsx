import { Field } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { PersonInput } from '../../components/form/PersonInput';
import { ACTION_IDS } from './action-ids';

/** Who works the item: a name picked from the people Clearpost knows, or typed; nobody when left empty. */
export function AssignForm({
  postingId,
  initial,
  off,
  onAssign,
}: {
  postingId: number;
  initial: string | null;
  off: boolean;
  /** Resolves once the answer is in. */
  onAssign: (assignee: string | null) => Promise<boolean>;
}) {
  const assign = useCommandForm({
    command: 'postings.assign',
    toArgs: (v: { assignee: string }) => ({ id: postingId, assignee: v.assignee.trim() || null }),
    defaultValues: { assignee: initial ?? '' },
  });
  const submit = assign.onSubmit(async (args) => {
    await onAssign(args.assignee);
    // Out of the field, so the next shortcut acts instead of typing into it.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Assign" noValidate>
      <Field of={assign} name="assignee" id={ACTION_IDS.assignee} label="Assignee">
        {(c) => <PersonInput control={c} placeholder="Nobody" aria-keyshortcuts="a" />}
      </Field>
      <button type="submit" className="secondary" disabled={off || assign.form.formState.isSubmitting}>
        Assign
      </button>
    </form>
  );
}
