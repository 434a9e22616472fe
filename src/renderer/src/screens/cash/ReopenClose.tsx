import { useState } from 'react';
import type { ClosePeriodView } from '../../../../shared/commands/cash-close';
import { CellField } from '../../components/form/CellField';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';

const EMPTY = { reason: '' };

/**
 * Reopening a closed month, maker-checker: one supervisor asks with a reason, a second approves; the month is
 * then open until it is prepared and approved again, and the earlier package is marked superseded. The ask is
 * judged by `cash.close.requestReopen`'s own rules (the reason is required, and marked so).
 */
export function ReopenClose({ period, onChanged }: { period: ClosePeriodView; onChanged: () => void }) {
  const api = useApi();
  const key = { scope: period.scope, month: period.month };
  const ask = useCommandForm({
    command: 'cash.close.requestReopen',
    toArgs: (v: typeof EMPTY) => ({ ...key, reason: v.reason }),
    defaultValues: EMPTY,
  });
  const submit = ask.onSubmit(async (args) => {
    await api.invoke('cash.close.requestReopen', args);
    onChanged();
  });
  // Approving has nothing to type: one button, its refusal said beside it.
  const [approving, setApproving] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const approve = () => {
    setApproving(true);
    setRefused(null);
    api
      .invoke('cash.close.approveReopen', key)
      .then(onChanged)
      .catch((e: unknown) => setRefused(e instanceof Error ? e.message : String(e)))
      .finally(() => setApproving(false));
  };
  return period.reopenRequest ? (
    <span>
      Reopening asked by {period.reopenRequest.requestedBy}: {period.reopenRequest.reason}{' '}
      <button type="button" disabled={approving} onClick={approve}>
        Approve reopening
      </button>
      {refused && (
        <span className="field-error" role="alert">
          {refused}
        </span>
      )}
    </span>
  ) : (
    <form
      className="inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={`Reopen ${period.month}`}
      noValidate
    >
      <CellField of={ask} name="reason" label={`Why reopen ${period.month}`}>
        {(c) => <input {...c} placeholder="Why reopen it" autoComplete="off" />}
      </CellField>
      <button type="submit" disabled={ask.form.formState.isSubmitting}>
        Ask to reopen
      </button>
      <FormStatus of={ask} note={false} />
    </form>
  );
}
