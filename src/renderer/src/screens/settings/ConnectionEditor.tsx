import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { SettingsView } from '../../../../shared/commands/settings';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { connectionBinding, toDraft, type ConnectionDoc } from './connection-draft';
import { ConnectionAdvanced } from './ConnectionAdvanced';
import { ConnectionFields } from './ConnectionFields';
import { ConnectionSites } from './ConnectionSites';
import { ConnectionTest, type TestOutcome } from './ConnectionTest';
import { SecretEntry, secretOf } from './SecretEntry';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import { useAction, type ActionResult } from './use-action';

const EHR_NAME = { epic: 'Epic', oracle_health: 'Oracle Health' } as const;

interface Props {
  view: SettingsView;
  index: number;
  onSaved: (view: SettingsView) => void;
  /** Told after each test (the switch-to-live checklist reads the result). */
  onTested?: () => void;
}

/** Edits one saved connection: fields, its client secret (write-only), save and test. */
export function ConnectionEditor(props: Props) {
  const connections = (props.view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[props.index];
  return original ? <ConnectionPanels {...props} original={original} /> : null;
}

function ConnectionPanels({ view, index, onSaved, onTested, original }: Props & { original: ConnectionDoc }) {
  const api = useApi();
  const siteCodes = Object.keys(original.sites ?? {});
  const hook = useCommandForm(connectionBinding(view, index, original));
  const [saveResult, setSaveResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const secretAction = useAction();
  const [test, setTest] = useState<TestOutcome | null>(null);
  const [tokenUrl, baseUrl] = useWatch({ control: hook.form.control, name: ['tokenUrl', 'baseUrl'] });

  const dirty = hook.form.formState.isDirty;
  const secretStatus = secretOf(view, original.clientSecretRef);
  const secretSet = secretStatus?.set ?? false;
  const needsReentry = secretStatus?.needsReentry ?? false;
  // A stored secret is only ever sent to the address it was typed for (main refuses anything else).
  const addressChanged = tokenUrl.trim() !== original.tokenUrl || baseUrl.trim() !== original.baseUrl;
  const savedEnabled = original.enabled ?? true;
  // One piece of work at a time across the three panels.
  const working = busy !== null || secretAction.busy !== null;

  const save = hook.onSubmit(async (args, values) => {
    setSaveResult(null);
    setBusy('save');
    try {
      const saved = await api.invoke('settings.save', args);
      hook.form.reset(values);
      setSaveResult({ ok: true, text: `Saved ${values.name.trim()}.` });
      onSaved(saved);
    } finally {
      setBusy(null);
    }
  });

  const runTest = () => {
    setBusy('test');
    setTest(null);
    api
      .invoke('settings.testConnection', { id: original.id })
      .then(setTest, (error: unknown) =>
        setTest({ error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        setBusy(null);
        onTested?.();
      });
  };

  return (
    <div className="connection-editor" data-testid="connection-editor">
      <form
        className="panel"
        onSubmit={(e) => void save(e)}
        aria-label={`Connection ${original.name}`}
        noValidate
      >
        <h3>
          {original.name}{' '}
          <span className="muted">
            ({EHR_NAME[original.ehr]}, id {original.id})
          </span>
        </h3>
        <FormStatus of={hook} />
        <ConnectionFields of={hook} />
        {siteCodes.length > 0 && <ConnectionSites of={hook} codes={siteCodes} />}
        {addressChanged && secretSet && (
          <p className="warn" role="note" data-testid="secret-reentry-warning">
            A new token URL or base URL needs the client secret typed again after saving: the stored one is
            only sent to {secretStatus?.boundTo ?? 'the address it was entered for'}.
          </p>
        )}
        <SaveButtons
          label="Save connection"
          saving={busy === 'save'}
          blocked={working}
          dirty={dirty}
          onDiscard={() => {
            hook.form.reset(toDraft(original));
            setSaveResult(null);
          }}
        />
        <SaveOutcome result={saveResult} unplaced={[]} />
      </form>

      <ConnectionAdvanced view={view} index={index} blocked={working} onSaved={onSaved} />

      <SecretEntry
        view={view}
        onSaved={onSaved}
        title="Client secret"
        noun="secret"
        newLabel="New client secret"
        vaultRef={original.clientSecretRef}
        statusTestId="secret-status"
        explanation={
          needsReentry
            ? 'The stored secret was entered for another address than the one saved now, so Clearpost will not send it. Type it again to use it here.'
            : secretSet && secretStatus?.boundTo
              ? `It is sent only to ${secretStatus.boundTo}; changing the token URL or base URL means typing it again.`
              : 'It is stored for the token URL and base URL saved above, and sent nowhere else.'
        }
        blocked={working}
        action={secretAction}
        storedText="Client secret stored in the vault."
      />

      <ConnectionTest
        ehrName={EHR_NAME[original.ehr]}
        dirty={dirty}
        savedEnabled={savedEnabled}
        disabled={working}
        testing={busy === 'test'}
        outcome={test}
        onTest={runTest}
      />
    </div>
  );
}
