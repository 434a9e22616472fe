import type { Role } from '../../../../shared/commands/access';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { RoleOptions } from './RoleOptions';

interface NewAccount {
  username: string;
  role: Role;
  password: string;
}
const EMPTY: NewAccount = { username: '', role: 'operator', password: '' };

/**
 * A new serve-mode account: `accounts.save`'s own rules (a user name's letters, a password's length) are shown
 * under each field before it is sent; a new account always has a password, so it is sent even when empty.
 */
export function NewAccountForm({
  busy,
  onCreate,
}: {
  busy: boolean;
  /** Creates it; resolves true once created (the form then empties). */
  onCreate: (account: NewAccount) => Promise<boolean>;
}) {
  const account = useCommandForm({
    command: 'accounts.save',
    toArgs: (v: NewAccount) => ({ ...v, disabled: false }),
    defaultValues: EMPTY,
  });
  const submit = account.onSubmit(async (_args, values) => {
    if (await onCreate(values)) account.form.reset(EMPTY);
  });
  return (
    <form
      className="panel settings-inline"
      onSubmit={(e) => void submit(e)}
      aria-label="New account"
      noValidate
    >
      <FormStatus of={account} />
      <Field of={account} name="username" label="User name" />
      <Field of={account} name="role" label="Role">
        {(c) => (
          <select {...c}>
            <RoleOptions />
          </select>
        )}
      </Field>
      <Field of={account} name="password" label="Password" hint="At least 12 characters.">
        {(c) => <input {...c} type="password" autoComplete="new-password" />}
      </Field>
      <button type="submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}
