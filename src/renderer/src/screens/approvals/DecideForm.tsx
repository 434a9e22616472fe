import type { SyntheticEvent } from 'react';
import { CellField } from '../../components/form/CellField';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { DECIDE_EMPTY, DECIDE_RULES, decideArgs, type Decision } from './decide-rules';

/** Approve, or reject with a note (the person who entered it reads why). */
export function DecideForm({
  approvalId,
  label,
  onDecided,
}: {
  approvalId: number;
  label: string;
  /** Called once main recorded the decision. */
  onDecided: () => void;
}) {
  const api = useApi();
  const toArgs = decideArgs(approvalId);
  const decide = useCommandForm({
    command: 'approvals.decide',
    toArgs,
    rules: { schema: DECIDE_RULES, input: toArgs },
    defaultValues: DECIDE_EMPTY,
  });
  const submit = decide.onSubmit(async (args) => {
    await api.invoke('approvals.decide', args);
    decide.form.reset(DECIDE_EMPTY);
    onDecided();
  });
  const run = (decision: Decision) => (event: SyntheticEvent) => {
    decide.form.setValue('decision', decision);
    void submit(event);
  };
  const busy = decide.form.formState.isSubmitting;
  return (
    <form className="inline-form" onSubmit={run('approve')} aria-label={`Decide ${label}`} noValidate>
      <button type="submit" disabled={busy}>
        Approve
      </button>
      <CellField of={decide} name="note" label={`Note on ${label}`}>
        {(c) => <input {...c} placeholder="Note (needed to reject)" autoComplete="off" />}
      </CellField>
      <button type="button" onClick={run('reject')} disabled={busy}>
        Reject
      </button>
      <FormStatus of={decide} note={false} />
    </form>
  );
}
