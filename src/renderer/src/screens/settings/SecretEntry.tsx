import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type { SecretStatus, SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { ResultLine, type useAction } from './use-action';

/** What the vault says of one secret the settings name (set, bound to which address), if anything. */
export const secretOf = (view: SettingsView, vaultRef: string): SecretStatus | undefined =>
  view.secrets.find((s) => s.name === vaultRef);

/**
 * A write-only secret in the vault (a connection's client secret, the SMTP password): whether one is stored,
 * why it is or is not sent, and a field to type a new one. A stored secret is never shown again. Stored
 * with `secrets.set`; the vault's status is read again after, and handed on with the view.
 */
export function SecretEntry({
  view,
  onSaved,
  title,
  noun,
  newLabel,
  vaultRef,
  statusTestId,
  explanation,
  blocked = false,
  action,
  storedText,
}: {
  view: SettingsView;
  /** Told with the vault's new status once stored. */
  onSaved: (view: SettingsView) => void;
  /** The form's name and heading, e.g. "Client secret". */
  title: string;
  /** What a stored one is called in the sentences, e.g. "secret". */
  noun: string;
  /** The field's label once one is stored, e.g. "New client secret". */
  newLabel: string;
  vaultRef: string;
  statusTestId: string;
  explanation: ReactNode;
  /** True when it cannot be stored now: other work under way, or no vault entry named for it yet. */
  blocked?: boolean;
  /** Owned by the caller, which also disables its other buttons while this one stores. */
  action: ReturnType<typeof useAction>;
  storedText: string;
}) {
  const api = useApi();
  const [value, setValue] = useState('');
  const status = secretOf(view, vaultRef);
  const set = status?.set ?? false;
  const needsReentry = status?.needsReentry ?? false;
  const store = (secret: string) => api.invoke('secrets.set', { name: vaultRef, value: secret });
  const onStored = () =>
    void api.invoke('secrets.status', {}).then((secrets) => onSaved({ ...view, secrets }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    void action
      .run('store', () =>
        store(value).then(() => {
          setValue('');
          return storedText;
        }),
      )
      .then((stored) => stored && onStored());
  };
  return (
    <form className="panel" onSubmit={submit} aria-label={title}>
      <h3>{title}</h3>
      <p>
        Vault entry <span className="mono">{vaultRef}</span>:{' '}
        <strong data-testid={statusTestId} className={set ? 'secret-set' : 'secret-unset'}>
          {set ? 'set' : needsReentry ? 'not set (needs re-entry)' : 'not set'}
        </strong>
        . Clearpost never shows a stored {noun}; typing a new one replaces it.
      </p>
      <p className="muted">{explanation}</p>
      <div className="settings-inline">
        <label className="field">
          {set ? newLabel : title}
          <input
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" disabled={action.busy !== null || value === '' || blocked}>
          {action.busy !== null ? 'Storing…' : set ? `Replace ${noun}` : `Set ${noun}`}
        </button>
      </div>
      <ResultLine result={action.result} />
    </form>
  );
}
