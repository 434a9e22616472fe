import type { ReactNode } from 'react';
import type { SecretStatus, SettingsView } from '../../../../shared/commands/settings';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { SECRET_EMPTY, secretArgs } from './secret-rules';
import { ResultLine, type useAction } from './use-action';

/** What the vault says of one secret the settings name (set, bound to which address), if anything. */
export const secretOf = (view: SettingsView, vaultRef: string): SecretStatus | undefined =>
  view.secrets.find((s) => s.name === vaultRef);

/**
 * A write-only secret in the vault (a connection's client secret, the SMTP password): whether one is stored,
 * why it is or is not sent, and a field to type a new one. A stored secret is never shown again. Stored
 * with `secrets.set`, judged by its rules before sending; once stored the field is emptied (the form keeps no
 * copy), and the vault's status is read again and handed on with the view.
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
  const secret = useCommandForm({
    command: 'secrets.set',
    toArgs: secretArgs(vaultRef),
    defaultValues: SECRET_EMPTY,
  });
  const status = secretOf(view, vaultRef);
  const set = status?.set ?? false;
  const needsReentry = status?.needsReentry ?? false;
  const onStored = () =>
    void api.invoke('secrets.status', {}).then((secrets) => onSaved({ ...view, secrets }));
  const submit = secret.onSubmit(async (args) => {
    // The caller's action keeps its other buttons still while this stores; a refusal is then handed back
    // to the form, which says it once, on its field or for the form, as every form of the console does.
    let refusal: unknown = null;
    const stored = await action.run('store', () =>
      api.invoke('secrets.set', args).then(
        () => storedText,
        (error: unknown) => {
          refusal = error;
          throw error;
        },
      ),
    );
    if (!stored) {
      action.setResult(null);
      throw refusal;
    }
    // Not kept once stored: the field is emptied and the form forgets the value.
    secret.form.reset(SECRET_EMPTY);
    onStored();
  });
  const busy = action.busy !== null || secret.form.formState.isSubmitting;
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-label={title} noValidate>
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
        <Field of={secret} name="value" label={set ? newLabel : title}>
          {(c) => <input {...c} type="password" autoComplete="new-password" />}
        </Field>
        <button type="submit" disabled={busy || blocked}>
          {action.busy !== null ? 'Storing…' : set ? `Replace ${noun}` : `Set ${noun}`}
        </button>
      </div>
      <FormStatus of={secret} />
      <ResultLine result={action.result} />
    </form>
  );
}
