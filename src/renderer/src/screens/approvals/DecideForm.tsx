import type { SyntheticEvent } from 'react';
import { COMMANDS, type CommandArgs } from '../../../../shared/contract';
import { CellField } from '../../components/form/CellField';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';

type Decision = CommandArgs<'approvals.decide'>['decision'];
interface DecideValues {
  /** Set by the button pressed: both send the same command, the decision being one of its arguments. */
  decision: Decision;
  note: string;
}
const EMPTY: DecideValues = { decision: 'approve', note: '' };

/**
 * `approvals.decide`'s arguments and the one rule main adds to them (decide-approval: a rejection needs a
 * note), in main's words, so the operator reads it under the note before anything is sent.
 */
const DECIDE_RULES = COMMANDS['approvals.decide'].args.refine(
  (a) => a.decision !== 'reject' || Boolean(a.note),
  { path: ['note'], message: 'Say why it is rejected: the person who entered it reads the note.' },
);

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
  const toArgs = (v: DecideValues): CommandArgs<'approvals.decide'> => ({
    id: approvalId,
    decision: v.decision,
    ...(v.note.trim() ? { note: v.note } : {}),
  });
  const decide = useCommandForm({
    command: 'approvals.decide',
    toArgs,
    rules: { schema: DECIDE_RULES, input: toArgs },
    defaultValues: EMPTY,
  });
  const submit = decide.onSubmit(async (args) => {
    await api.invoke('approvals.decide', args);
    decide.form.reset(EMPTY);
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
