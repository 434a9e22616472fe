import type { UnpostedCashView } from '../../../../shared/commands/cash';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';

interface FollowUpValues {
  owner: string;
  followUp: string;
  note: string;
}

/**
 * Who follows an unposted payment up, the day to look again and a note, judged by `cash.unposted.assign`'s
 * own rules (an owner is required, and marked so); what main refuses lands on its field.
 */
export function UnpostedFollowUp({
  row,
  onSaved,
  onCancel,
}: {
  row: UnpostedCashView;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const followUp = useCommandForm({
    command: 'cash.unposted.assign',
    toArgs: (v: FollowUpValues) => ({
      eventId: row.eventId,
      owner: v.owner,
      ...(v.note.trim() ? { note: v.note } : {}),
      ...(v.followUp ? { followUp: v.followUp } : {}),
    }),
    defaultValues: { owner: row.owner ?? '', followUp: row.followUp ?? '', note: row.note ?? '' },
  });
  const save = followUp.onSubmit(async (args) => {
    await api.invoke('cash.unposted.assign', args);
    onSaved();
  });
  return (
    <form
      className="filters"
      onSubmit={(e) => void save(e)}
      aria-label={`Follow-up of payment ${row.processorTxnId}`}
      noValidate
    >
      <Field of={followUp} name="owner" label="Owner" />
      <Field of={followUp} name="followUp" label="Follow up on">
        {(c) => <input {...c} type="date" />}
      </Field>
      <Field of={followUp} name="note" label="Note" />
      <button type="submit" disabled={followUp.form.formState.isSubmitting}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <FormStatus of={followUp} />
    </form>
  );
}
