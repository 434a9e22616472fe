import { useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api-error';
import type { ConnectionTestResult, SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import {
  FIELD,
  fromDraft,
  siteField,
  toDraft,
  type ConnectionDoc,
  type ConnectionDraft,
  type SiteDraft,
} from './connection-draft';
import { Field } from './section';

const EHR_NAME = { epic: 'Epic', oracle_health: 'Oracle Health' } as const;

const STAGE_WORDS: Record<ConnectionTestResult['stage'], string> = {
  disabled: 'Not tested',
  secret: 'Stopped at the client secret',
  token: 'Stopped when asking for a token',
  lookup: 'Stopped at the test lookup',
  done: 'Connection works',
};

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
  const [saveResult, setSaveResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'secret' | 'test' | null>(null);
  const [secret, setSecret] = useState('');
  const [secretResult, setSecretResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | { error: string } | null>(null);

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
      setSaveResult({ ok: false, text: 'Not saved: correct the fields marked below.' });
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
          const byField: Record<string, string> = {};
          const other: string[] = [];
          if (error instanceof ApiError && error.issues?.length) {
            for (const issue of error.issues) {
              if (issue.path.startsWith(prefix)) byField[issue.path.slice(prefix.length)] = issue.message;
              else other.push(`${issue.path}: ${issue.message}`);
            }
          }
          setIssues(byField);
          setOtherIssues(other);
          setSaveResult({
            ok: false,
            text:
              Object.keys(byField).length > 0 || other.length > 0
                ? 'Not saved: correct the fields marked below.'
                : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
          });
        },
      )
      .finally(() => setBusy(null));
  };

  const storeSecret = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy('secret');
    setSecretResult(null);
    api
      .invoke('secrets.set', { name: original.clientSecretRef, value: secret })
      .then(
        async () => {
          setSecret('');
          setSecretResult({ ok: true, text: 'Client secret stored in the vault.' });
          const secrets = await api.invoke('secrets.status', {});
          onSaved({ ...view, secrets });
        },
        (error: unknown) =>
          setSecretResult({ ok: false, text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setBusy(null));
  };

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

  const input = (
    label: string,
    key: Exclude<keyof ConnectionDraft, 'sites' | 'enabled'>,
    extra: { inputMode?: 'decimal'; placeholder?: string; hint?: string } = {},
  ) => (
    <Field label={label} error={issues[FIELD[key]]} hint={extra.hint}>
      <input
        value={draft[key]}
        onChange={(e) => edit(key, e.target.value)}
        aria-invalid={issues[FIELD[key]] ? true : undefined}
        autoComplete="off"
        inputMode={extra.inputMode}
        placeholder={extra.placeholder}
      />
    </Field>
  );

  return (
    <div className="connection-editor" data-testid="connection-editor">
      <form className="panel" onSubmit={save} aria-label={`Connection ${original.name}`} noValidate>
        <h3>
          {original.name}{' '}
          <span className="muted">
            ({EHR_NAME[original.ehr]}, id {original.id})
          </span>
        </h3>
        <div className="settings-grid">
          {input('Name', 'name')}
          {input('Time zone', 'timeZone', { placeholder: 'America/Chicago', hint: 'IANA name' })}
          {input('Base URL', 'baseUrl', { placeholder: 'https://…' })}
          {input('Token URL', 'tokenUrl', { placeholder: 'https://…/oauth2/token' })}
          {input('Client id', 'clientId')}
          <label className="check settings-enabled">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => edit('enabled', e.target.checked)}
            />
            Enabled (Clearpost posts through this connection)
          </label>
          {input('Connect timeout (seconds)', 'connectTimeoutS', { inputMode: 'decimal' })}
          {input('Response timeout (seconds)', 'responseTimeoutS', { inputMode: 'decimal' })}
          {input('Retry every (hours)', 'retryIntervalH', { inputMode: 'decimal' })}
          {input('Retry window (hours)', 'retryWindowH', {
            inputMode: 'decimal',
            hint: 'How long a failed posting is retried',
          })}
          {input('Not Applicable window (hours)', 'notApplicableWindowH', {
            inputMode: 'decimal',
            hint: 'How long a Not Applicable result is retried',
          })}
        </div>
        {Object.keys(draft.sites).length > 0 && (
          <fieldset className="settings-sites">
            <legend>Oracle Health sites: aliases</legend>
            <table className="settings-table">
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">One-time payment</th>
                  <th scope="col">Payment plan</th>
                  <th scope="col">Reversal</th>
                  <th scope="col">Refund</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(draft.sites).map(([code, site]) => (
                  <tr key={code}>
                    <th scope="row">{code}</th>
                    {(['oneTime', 'plan', 'reversal', 'refund'] as const).map((part) => {
                      const error = issues[siteField(code, part)];
                      return (
                        <td key={part}>
                          <input
                            value={site[part]}
                            onChange={(e) => editSite(code, part, e.target.value)}
                            aria-label={`${code} ${part === 'oneTime' ? 'one-time payment' : part === 'plan' ? 'payment plan' : part} alias`}
                            aria-invalid={error ? true : undefined}
                            autoComplete="off"
                          />
                          {error && <span className="field-error">{error}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
        )}
        {addressChanged && secretSet && (
          <p className="warn" role="note" data-testid="secret-reentry-warning">
            A new token URL or base URL needs the client secret typed again after saving: the stored one is
            only sent to {secretStatus?.boundTo ?? 'the address it was entered for'}.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy !== null || !dirty}>
            {busy === 'save' ? 'Saving…' : 'Save connection'}
          </button>
          {dirty && (
            <button
              type="button"
              onClick={() => {
                setDraft(toDraft(original));
                setIssues({});
                setOtherIssues([]);
                setSaveResult(null);
              }}
            >
              Discard changes
            </button>
          )}
        </div>
        {saveResult && (
          <p className={saveResult.ok ? 'form-ok' : 'form-error'} role={saveResult.ok ? 'status' : 'alert'}>
            {saveResult.text}
          </p>
        )}
        {otherIssues.length > 0 && (
          <ul className="form-error">
            {otherIssues.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
      </form>

      <form className="panel" onSubmit={storeSecret} aria-label="Client secret">
        <h3>Client secret</h3>
        <p>
          Vault entry <span className="mono">{original.clientSecretRef}</span>:{' '}
          <strong data-testid="secret-status" className={secretSet ? 'secret-set' : 'secret-unset'}>
            {secretSet ? 'set' : needsReentry ? 'not set (needs re-entry)' : 'not set'}
          </strong>
          . Clearpost never shows a stored secret; typing a new one replaces it.
        </p>
        <p className="muted">
          {needsReentry
            ? 'The stored secret was entered for another address than the one saved now, so Clearpost will not send it. Type it again to use it here.'
            : secretSet && secretStatus?.boundTo
              ? `It is sent only to ${secretStatus.boundTo}; changing the token URL or base URL means typing it again.`
              : 'It is stored for the token URL and base URL saved above, and sent nowhere else.'}
        </p>
        <div className="settings-inline">
          <label className="field">
            {secretSet ? 'New client secret' : 'Client secret'}
            <input
              type="password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="new-password"
            />
          </label>
          <button type="submit" disabled={busy !== null || secret === ''}>
            {busy === 'secret' ? 'Storing…' : secretSet ? 'Replace secret' : 'Set secret'}
          </button>
        </div>
        {secretResult && (
          <p
            className={secretResult.ok ? 'form-ok' : 'form-error'}
            role={secretResult.ok ? 'status' : 'alert'}
          >
            {secretResult.text}
          </p>
        )}
      </form>

      <div className="panel">
        <h3>Test connection</h3>
        <p className="muted">
          Uses the saved settings and the stored secret: asks {EHR_NAME[original.ehr]} for a token, then does
          a lookup that reads and never writes.
          {dirty && ' Save your changes first to test them.'}
          {!savedEnabled && ' This connection is disabled: enable it and save to test it.'}
        </p>
        <button type="button" onClick={runTest} disabled={busy !== null || dirty || !savedEnabled}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        {test && (
          <div
            className={`test-result ${'error' in test || !test.ok ? 'test-bad' : 'test-ok'}`}
            role={'error' in test || !test.ok ? 'alert' : 'status'}
            data-testid="test-result"
          >
            {'error' in test ? (
              <>
                <strong>The test could not run.</strong> {test.error}
              </>
            ) : (
              <>
                <strong>{STAGE_WORDS[test.stage]}.</strong> {test.message}
                {(test.tokenMs !== null || test.lookupMs !== null) && (
                  <span className="muted">
                    {' '}
                    (token {test.tokenMs === null ? '—' : `${String(test.tokenMs)} ms`}, lookup{' '}
                    {test.lookupMs === null ? '—' : `${String(test.lookupMs)} ms`})
                  </span>
                )}
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
