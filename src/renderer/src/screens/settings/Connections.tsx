import { useState } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import type { ConnectionDoc } from './connection-draft';
import { ConnectionDetails } from './ConnectionDetails';
import { ConnectionEditor } from './ConnectionEditor';
import { NewConnection } from './NewConnection';
import { SavedTable, SecretCell } from './SavedTable';
import { secretOf } from './SecretEntry';
import { ResultLine, useAction } from './use-action';

const EHR_NAME = { epic: 'Epic', oracle_health: 'Oracle Health' } as const;

const PROTECTION: Record<SettingsView['protection'], string> = {
  'os-keyring': "the operating system's keyring",
  'key-file': 'a key file readable only by the Clearpost user',
  passphrase: 'a key derived from a passphrase',
};

/**
 * EHR connections (supervisors only: they name vault entries and the EHRs' endpoints): add, edit, disable
 * (in the editor), remove. A removed connection's client secret leaves the vault with it unless another
 * saved setting still names it.
 */
export function Connections({
  view: v,
  onSaved,
  onTested,
}: {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
  onTested: () => void;
}) {
  const api = useApi();
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useAction();
  // The editor keeps its own draft: it starts again from what the details panel saved.
  const [detailSaves, setDetailSaves] = useState(0);
  const connections = (v.settings.connections ?? []) as readonly ConnectionDoc[];
  const index = Math.max(
    0,
    connections.findIndex((c) => c.id === selected),
  );
  const current = connections[index];

  const confirmRemove = (c: ConnectionDoc) =>
    void remove.run('remove', async () => {
      let saved = await api.invoke('settings.save', {
        settings: { ...v.settings, connections: connections.filter((other) => other.id !== c.id) },
      });
      const stillUsed = saved.secrets.find((s) => s.name === c.clientSecretRef)?.usedBy.length ?? 0;
      if (stillUsed === 0) {
        await api.invoke('secrets.delete', { name: c.clientSecretRef });
        saved = { ...saved, secrets: await api.invoke('secrets.status', {}) };
      }
      setRemoving(null);
      onSaved(saved);
      return `Removed ${c.name}${stillUsed === 0 ? ' and its client secret' : ''}.`;
    });

  return (
    <>
      <h2>EHR connections</h2>
      <p className="muted">
        Client secrets are kept in the vault, sealed with {PROTECTION[v.protection]}; this screen only shows
        whether each one is set. Connection changes apply at the next start.
      </p>
      {connections.length === 0 ? (
        <div className="state state-empty">
          <strong>No EHR connections are configured.</strong> While there are none, Clearpost posts to its
          built-in sandbox. Add one to go live.
        </div>
      ) : (
        <SavedTable
          label="EHR connections"
          columns={['Name', 'EHR', 'Base URL', 'Client secret']}
          rows={connections}
          keyOf={(c) => c.id}
          selected={(c) => c === current}
          cells={(c) => (
            <>
              <td>
                {c.name}
                {c.enabled === false && <span className="muted"> (disabled)</span>}
              </td>
              <td>{EHR_NAME[c.ehr]}</td>
              <td className="mono">{c.baseUrl}</td>
              <SecretCell set={secretOf(v, c.clientSecretRef)?.set ?? false} />
            </>
          )}
          actions={(c) => (
            <>
              <button
                type="button"
                onClick={() => setSelected(c.id)}
                disabled={c === current}
                aria-label={`Edit ${c.name}`}
              >
                {c === current ? 'Editing' : 'Edit'}
              </button>
              {removing === c.id ? (
                <>
                  <button
                    type="button"
                    onClick={() => confirmRemove(c)}
                    disabled={remove.busy !== null}
                    aria-label={`Confirm removing ${c.name}`}
                  >
                    Remove it
                  </button>
                  <button type="button" onClick={() => setRemoving(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => setRemoving(c.id)} aria-label={`Remove ${c.name}`}>
                  Remove
                </button>
              )}
            </>
          )}
        />
      )}
      <ResultLine result={remove.result} />
      {adding ? (
        <NewConnection
          view={v}
          onSaved={onSaved}
          onAdded={(id) => {
            setAdding(false);
            setSelected(id);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          Add a connection
        </button>
      )}
      {current && (
        <>
          <ConnectionEditor
            key={`${current.id}:${String(detailSaves)}`}
            view={v}
            index={index}
            onSaved={onSaved}
            onTested={onTested}
          />
          <ConnectionDetails
            key={current.id}
            view={v}
            index={index}
            onSaved={(saved) => {
              onSaved(saved);
              setDetailSaves((n) => n + 1);
            }}
          />
        </>
      )}
    </>
  );
}
