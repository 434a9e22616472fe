import { useState, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api-error';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import type { ConnectionDoc } from './connection-draft';
import {
  EMPTY_DRAFT,
  newConnectionDoc,
  placeIssue,
  type Ehr,
  type NewConnectionDraft,
} from './new-connection-draft';
import { Field } from './section';
import { errorText, ResultLine, type ActionResult } from './use-action';

/**
 * Adds an EHR connection: saved first (main validates every field), then its client secret is sealed in
 * the vault for the token URL and base URL just saved. Nothing is posted through it before a restart.
 */
export function NewConnection({
  view,
  onSaved,
  onAdded,
  onCancel,
}: {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
  onAdded: (id: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [draft, setDraft] = useState<NewConnectionDraft>(EMPTY_DRAFT);
  const [secret, setSecret] = useState('');
  const [issues, setIssues] = useState<Partial<Record<keyof NewConnectionDraft, string>>>({});
  const [result, setResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  const edit = (key: keyof NewConnectionDraft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const add = async (event: SyntheticEvent) => {
    event.preventDefault();
    const local: typeof issues = {};
    if (draft.id.trim() === '') local.id = 'Give the connection an id (letters, digits, - or _)';
    if (connections.some((c) => c.id === draft.id.trim())) local.id = 'Another connection has this id';
    if (draft.ehr === 'oracle_health' && draft.site.trim() === '') local.site = 'Name the first site';
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setResult({ ok: false, text: 'Not added: correct the fields marked below.' });
      return;
    }
    const connection = newConnectionDoc(draft);
    const prefix = `connections.${String(connections.length)}.`;
    setBusy(true);
    setResult(null);
    let added = false;
    try {
      const saved = await api.invoke('settings.save', {
        settings: { ...view.settings, connections: [...connections, connection] },
      });
      added = true;
      onSaved(saved);
      if (secret !== '') {
        await api.invoke('secrets.set', { name: connection.clientSecretRef, value: secret });
        onSaved({ ...saved, secrets: await api.invoke('secrets.status', {}) });
      }
      setSecret('');
      onAdded(connection.id);
    } catch (error) {
      if (added) {
        // The connection is saved; only its secret is missing, which its editor can set.
        setResult({ ok: false, text: `Added, but the client secret was not stored: ${errorText(error)}` });
        return;
      }
      const byField: typeof issues = {};
      const other: string[] = [];
      if (error instanceof ApiError && error.issues?.length) {
        for (const issue of error.issues) {
          const field = issue.path.startsWith(prefix) ? placeIssue(issue.path.slice(prefix.length)) : null;
          if (field) byField[field] = issue.message;
          else other.push(`${issue.path}: ${issue.message}`);
        }
      }
      setIssues(byField);
      setResult({
        ok: false,
        text:
          Object.keys(byField).length > 0 || other.length > 0
            ? `Not added: correct the fields marked below.${other.length ? ` ${other.join('; ')}` : ''}`
            : `Not added: ${errorText(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const input = (label: string, key: keyof NewConnectionDraft, placeholder?: string, hint?: string) => (
    <Field label={label} error={issues[key]} hint={hint}>
      <input
        value={draft[key]}
        onChange={(e) => edit(key, e.target.value)}
        aria-invalid={issues[key] ? true : undefined}
        autoComplete="off"
        placeholder={placeholder}
      />
    </Field>
  );

  return (
    <form className="panel" onSubmit={(e) => void add(e)} aria-label="New EHR connection" noValidate>
      <h3>Add an EHR connection</h3>
      <div className="settings-grid">
        <label className="field">
          <span>EHR</span>
          <select value={draft.ehr} onChange={(e) => setDraft((d) => ({ ...d, ehr: e.target.value as Ehr }))}>
            <option value="oracle_health">Oracle Health (Millennium FHIR R4)</option>
            <option value="epic">Epic</option>
          </select>
        </label>
        {input('Connection id', 'id', 'oracle-main', 'never changes once saved')}
        {input('Name', 'name', 'Oracle Health – Main campus')}
        {input('Base URL', 'baseUrl', 'https://…')}
        {input('Token URL', 'tokenUrl', 'https://…/token')}
        {input('Client id', 'clientId')}
        {input('Time zone', 'timeZone', 'America/Chicago', 'IANA name')}
        <label className="field">
          <span>Client secret</span>
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="new-password"
          />
          <span className="field-hint">Sealed in the vault for the token URL above; never shown again.</span>
        </label>
      </div>
      {draft.ehr === 'oracle_health' && (
        <fieldset className="settings-sites">
          <legend>First site and the aliases its patient accounting team defined</legend>
          <div className="settings-grid">
            {input('Site code', 'site', 'MAIN', 'as payments name the facility')}
            {input('One-time payment alias', 'oneTime')}
            {input('Payment plan alias', 'plan')}
            {input('Reversal alias', 'reversal')}
            {input('Refund alias', 'refund')}
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add connection'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      <ResultLine result={result} />
    </form>
  );
}
