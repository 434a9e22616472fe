import { useState } from 'react';
import type { AccountInfo, Role } from '../../../../shared/commands/access';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { formatWhen } from '../../format';
import { SavedTable } from './SavedTable';
import { NewAccountForm } from './NewAccountForm';
import { ROLE_LABEL } from './access-draft';
import { RoleOptions } from './RoleOptions';
import { ResultLine, useAction } from './use-action';

/**
 * Serve-mode accounts for a supervisor: create, change role, reset the password, disable or enable. The
 * rules (the last active supervisor stays one; a change ends the account's sessions) are main's.
 */
export function Accounts() {
  const api = useApi();
  const list = useQuery('accounts.list', {}, []);
  const action = useAction();
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [password, setPassword] = useState('');

  const change = (
    a: AccountInfo,
    patch: Partial<{ role: Role; disabled: boolean; password: string }>,
    done: string,
  ) =>
    void action
      .run(a.username, async () => {
        await api.invoke('accounts.save', {
          username: a.username,
          role: patch.role ?? a.role,
          disabled: patch.disabled ?? a.disabled,
          ...(patch.password !== undefined ? { password: patch.password } : {}),
        });
        return done;
      })
      .then((ok) => {
        if (ok) {
          setResetFor(null);
          setPassword('');
        }
        list.reload();
      });

  const create = (created: { username: string; role: Role; password: string }) =>
    action
      .run('create', async () => {
        const made = await api.invoke('accounts.save', { ...created, disabled: false });
        return `Created ${made.username} (${ROLE_LABEL[made.role]}).`;
      })
      .then((ok) => {
        list.reload();
        return ok;
      });

  const accounts = list.data ?? [];
  return (
    <div data-testid="accounts">
      <h3>Serve-mode accounts</h3>
      <SavedTable
        label="Accounts"
        columns={['User name', 'Role', 'State', 'Changed']}
        rows={accounts}
        keyOf={(a) => a.username}
        cells={(a) => (
          <>
            <td className="mono">{a.username}</td>
            <td>
              <select
                value={a.role}
                aria-label={`Role of ${a.username}`}
                onChange={(e) =>
                  change(a, { role: e.target.value as Role }, `${a.username} is now ${e.target.value}.`)
                }
              >
                <RoleOptions />
              </select>
            </td>
            <td>{a.disabled ? 'disabled' : 'active'}</td>
            <td>{formatWhen(a.updatedAt)}</td>
          </>
        )}
        actions={(a) => (
          <>
            <button
              type="button"
              onClick={() =>
                change(
                  a,
                  { disabled: !a.disabled },
                  `${a.username} is ${a.disabled ? 'enabled' : 'disabled'}.`,
                )
              }
            >
              {a.disabled ? 'Enable' : 'Disable'}
            </button>
            {resetFor === a.username ? (
              <span className="settings-inline">
                <input
                  type="password"
                  aria-label={`New password for ${a.username}`}
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  autoComplete="new-password"
                />
                <button
                  type="button"
                  disabled={password.length === 0}
                  onClick={() => change(a, { password }, `The password of ${a.username} was reset.`)}
                >
                  Save new password
                </button>
              </span>
            ) : (
              <button type="button" onClick={() => setResetFor(a.username)}>
                Change password
              </button>
            )}
          </>
        )}
      />
      <NewAccountForm busy={action.busy !== null} onCreate={create} />
      <ResultLine result={action.result} testId="accounts-result" />
    </div>
  );
}
