import { Field } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';

interface Props {
  readonly id: number;
  readonly disabled: boolean;
  readonly onBusy: (busy: boolean) => void;
  readonly onResult: (result: { ok: boolean; text: string }) => void;
}

/** Closes a quarantined input without posting it: the reason is required (and marked so), kept with the entry. */
export function DiscardForm({ id, disabled, onBusy, onResult }: Props) {
  const api = useApi();
  const discard = useCommandForm({
    command: 'quarantine.discard',
    toArgs: (v: { reason: string }) => ({ id, reason: v.reason }),
    defaultValues: { reason: '' },
  });
  const submit = discard.onSubmit(async (args) => {
    onBusy(true);
    try {
      await api.invoke('quarantine.discard', args);
      onResult({ ok: true, text: 'Discarded: the input is kept with your reason and never posted.' });
      discard.form.reset({ reason: '' });
    } catch (cause) {
      onResult({ ok: false, text: cause instanceof Error ? cause.message : String(cause) });
    } finally {
      onBusy(false);
    }
  });
  return (
    <form className="quarantine-discard" onSubmit={(e) => void submit(e)} aria-label="Discard" noValidate>
      <Field of={discard} name="reason" label="Reason to discard">
        {(c) => <textarea {...c} rows={2} />}
      </Field>
      <button type="submit" disabled={disabled}>
        Discard
      </button>
    </form>
  );
}
