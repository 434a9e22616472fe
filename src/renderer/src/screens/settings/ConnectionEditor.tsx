import { useState, type SyntheticEvent } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import {
  fromDraft,
  toDraft,
  type ConnectionDoc,
  type ConnectionDraft,
  type SiteDraft,
} from './connection-draft';
import { ConnectionAdvanced } from './ConnectionAdvanced';
import { ConnectionFields } from './ConnectionFields';
import { ConnectionSites } from './ConnectionSites';
import { ConnectionTest, type TestOutcome } from './ConnectionTest';
import { FIX_FIELDS, refusal } from './save-refusal';
import { SecretEntry } from './SecretEntry';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import { useAction, type ActionResult } from './use-action';

const EHR_NAME = { epic: 'Epic', oracle_health: 'Oracle Health' } as const;

/** Edits one saved connection: fields, its client secret (write-only), save and test. */
export function ConnectionEditor({
  view,
  index,
  onSaved,
  onTested,
}: {
  view: SettingsView;
  index: number;
  onSaved: (view: SettingsView) => void;
  /** Told after each test (the switch-to-live checklist reads the result). */
  onTested?: () => void;
}) {
  const api = useApi();
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[index];
  const [draft, setDraft] = useState<ConnectionDraft | null>(original ? toDraft(original) : null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [otherIssues, setOtherIssues] = useState<string[]>([]);
  const [saveResult, setSaveResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const secretAction = useAction();
  const [test, setTest] = useState<TestOutcome | null>(null);

  if (!original || !draft) return null;
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(original));
  const secretStatus = view.secrets.find((s) => s.name === original.clientSecretRef);
  const secretSet = secretStatus?.set ?? false;
  const needsReentry = secretStatus?.needsReentry ?? false;
  // A stored secret is only ever sent to the address it was typed for (main refuses anything else).
  const addressChanged =
    draft.tokenUrl.trim() !== original.tokenUrl || draft.baseUrl.trim() !== original.baseUrl;
  const savedEnabled = original.enabled ?? true;
  const prefix = `connections.${String(index)}.`;
  // One piece of work at a time across the three panels.
  const working = busy !== null || secretAction.busy !== null;

  const edit = <K extends keyof ConnectionDraft>(key: K, value: ConnectionDraft[K]) =>
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  const editSite = (code: string, part: keyof SiteDraft, value: string) =>
    setDraft((d) => {
      const site = d?.sites[code];
      return d && site ? { ...d, sites: { ...d.sites, [code]: { ...site, [part]: value } } } : d;
    });

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const { connection, issues: local } = fromDraft(original, draft);
    setSaveResult(null);
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setOtherIssues([]);
      setSaveResult({ ok: false, text: FIX_FIELDS });
      return;
    }
    const settings = {
      ...view.settings,
      connections: connections.map((c, i) => (i === index ? connection : c)),
    };
    setBusy('save');
    api
      .invoke('settings.save', { settings })
      .then(
        (saved) => {
          setIssues({});
          setOtherIssues([]);
          setSaveResult({ ok: true, text: `Saved ${connection.name}.` });
          onSaved(saved);
        },
        (error: unknown) => {
          const { byField, other, text } = refusal(error, (path) =>
            path.startsWith(prefix) ? path.slice(prefix.length) : null,
          );
          setIssues(byField);
          setOtherIssues(other);
          setSaveResult({ ok: false, text });
        },
      )
      .finally(() => setBusy(null));
  };

  const refreshSecrets = () =>
    void api.invoke('secrets.status', {}).then((secrets) => onSaved({ ...view, secrets }));

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
      <form className="panel" onSubmit={save} aria-label={`Connection ${original.name}`} noValidate>
        <h3>
          {original.name}{' '}
          <span className="muted">
            ({EHR_NAME[original.ehr]}, id {original.id})
          </span>
        </h3>
        <ConnectionFields draft={draft} issues={issues} onChange={edit} />
        {Object.keys(draft.sites).length > 0 && (
          <ConnectionSites sites={draft.sites} issues={issues} onChange={editSite} />
        )}
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
            setDraft(toDraft(original));
            setIssues({});
            setOtherIssues([]);
            setSaveResult(null);
          }}
        />
        <SaveOutcome result={saveResult} unplaced={otherIssues} />
      </form>

      <ConnectionAdvanced view={view} index={index} blocked={working} onSaved={onSaved} />

      <SecretEntry
        title="Client secret"
        noun="secret"
        newLabel="New client secret"
        vaultRef={original.clientSecretRef}
        statusTestId="secret-status"
        set={secretSet}
        needsReentry={needsReentry}
        explanation={
          needsReentry
            ? 'The stored secret was entered for another address than the one saved now, so Clearpost will not send it. Type it again to use it here.'
            : secretSet && secretStatus?.boundTo
              ? `It is sent only to ${secretStatus.boundTo}; changing the token URL or base URL means typing it again.`
              : 'It is stored for the token URL and base URL saved above, and sent nowhere else.'
        }
        blocked={working}
        action={secretAction}
        store={(value) => api.invoke('secrets.set', { name: original.clientSecretRef, value })}
        storedText="Client secret stored in the vault."
        onStored={refreshSecrets}
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
