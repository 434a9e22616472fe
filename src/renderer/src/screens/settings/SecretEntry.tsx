import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ResultLine, type useAction } from './use-action';

/**
 * A write-only secret in the vault (a connection's client secret, the SMTP password): whether one is stored,
 * why it is or is not sent, and a field to type a new one. A stored secret is never shown again.
 */
export function SecretEntry({
  title,
  noun,
  newLabel,
  vaultRef,
  statusTestId,
  set,
  needsReentry,
  explanation,
  blocked = false,
  action,
  store,
  storedText,
  onStored,
}: {
  /** The form's name and heading, e.g. "Client secret". */
  title: string;
  /** What a stored one is called in the sentences, e.g. "secret". */
  noun: string;
  /** The field's label once one is stored, e.g. "New client secret". */
  newLabel: string;
  vaultRef: string;
  statusTestId: string;
  set: boolean;
  needsReentry: boolean;
  explanation: ReactNode;
  /** True when it cannot be stored now: other work under way, or no vault entry named for it yet. */
  blocked?: boolean;
  /** Owned by the caller, which also disables its other buttons while this one stores. */
  action: ReturnType<typeof useAction>;
  store: (value: string) => Promise<unknown>;
  storedText: string;
  /** Told once stored, to read the vault's status again. */
  onStored: () => void;
}) {
  const [value, setValue] = useState('');
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
