import type { CashExceptionView } from '../../../../shared/commands/cash';
import { CellField } from '../../components/form/CellField';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';

/**
 * A cash exception's owner, given in its row, judged by `cash.assign`'s own rules (an owner is required);
 * what main refuses is said under the field.
 */
export function ExceptionOwner({ row, onAssigned }: { row: CashExceptionView; onAssigned: () => void }) {
  const api = useApi();
  const owner = useCommandForm({
    command: 'cash.assign',
    toArgs: (v: { owner: string }) => ({ id: row.id, owner: v.owner }),
    defaultValues: { owner: '' },
  });
  const assign = owner.onSubmit(async (args) => {
    await api.invoke('cash.assign', args);
    onAssigned();
  });
  return (
    <form onSubmit={(e) => void assign(e)} noValidate>
      <CellField
        of={owner}
        name="owner"
        label={`Owner of the ${row.subjectType} exception since ${row.since}`}
      />{' '}
      <button type="submit" disabled={owner.form.formState.isSubmitting}>
        Assign
      </button>
      <FormStatus of={owner} note={false} />
    </form>
  );
}
