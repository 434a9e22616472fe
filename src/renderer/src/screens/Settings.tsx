import { useState } from 'react';
import type { SettingsView } from '../../../shared/commands/settings';
import { QueryView } from '../components/QueryView';
import { formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import '../settings.css';
import type { ConnectionDoc } from './settings/connection-draft';
import { AccessSettings } from './settings/AccessSettings';
import { ConnectionEditor } from './settings/ConnectionEditor';
import { EmailSettings } from './settings/EmailSettings';
import { FacilityZones } from './settings/FacilityZones';
import { IntakeRulesSection } from './settings/IntakeRules';
import { RoutingEditor } from './settings/RoutingEditor';
import { Schedules } from './settings/Schedules';
import { WebhookIntake } from './settings/WebhookIntake';

const EHR_NAME = { epic: 'Epic', oracle_health: 'Oracle Health' } as const;

const PROTECTION: Record<SettingsView['protection'], string> = {
  'os-keyring': "the operating system's keyring",
  'key-file': 'a key file readable only by the Clearpost user',
  passphrase: 'a key derived from a passphrase',
};

export function Settings() {
  const info = useQuery('app.info', {}, []);
  const query = useQuery('settings.get', {}, []);
  const whoami = useQuery('auth.whoami', {}, []);
  // After a save or a stored secret, the answer of that call is the newest view.
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const view = saved ?? query.data;
  const canEdit = whoami.data?.role === 'supervisor';
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Settings</h1>
      <QueryView query={{ ...query, data: view }}>
        {(v) => (
          <>
            {v.restartRequired && (
              <p className="restart-note" role="status" data-testid="restart-required">
                <strong>Restart needed.</strong> Saved EHR connection and webhook subscription changes take
                effect the next time Clearpost starts. Every other setting applies as soon as it is saved.
              </p>
            )}
            {!canEdit && whoami.data && (
              <p className="restart-note" role="status" data-testid="settings-read-only">
                You can read these settings; only a supervisor can change them.
              </p>
            )}
            {canEdit && <Connections view={v} onSaved={setSaved} />}
            <h2>Routing and facilities</h2>
            <RoutingEditor view={v} canEdit={canEdit} onSaved={setSaved} />
            <FacilityZones view={v} canEdit={canEdit} onSaved={setSaved} />
            <IntakeRulesSection canEdit={canEdit} />
            {v.webhookIntake && <WebhookIntake view={v.webhookIntake} />}
            <h2>Notifications and schedules</h2>
            <EmailSettings view={v} canEdit={canEdit} onSaved={setSaved} />
            <Schedules view={v} canEdit={canEdit} onSaved={setSaved} />
            <h2>Access</h2>
            <AccessSettings view={v} canEdit={canEdit} onSaved={setSaved} />
          </>
        )}
      </QueryView>
      <h2>About this installation</h2>
      <QueryView query={info}>
        {(data) => (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{data.version}</dd>
            <dt>Running as</dt>
            <dd>
              {data.mode === 'desktop'
                ? 'Desktop app'
                : data.mode === 'serve'
                  ? 'Serve mode (browser)'
                  : data.mode}
            </dd>
            <dt>Data folder</dt>
            <dd className="mono">{data.dataDir}</dd>
            <dt>Database</dt>
            <dd className="mono">{data.databasePath}</dd>
            <dt>Database schema</dt>
            <dd>{data.schemaVersion}</dd>
            <dt>Started</dt>
            <dd>{formatWhen(data.startedAt)}</dd>
          </dl>
        )}
      </QueryView>
    </section>
  );
}

/** EHR connections (supervisors only: they name vault entries and the EHRs' endpoints). */
function Connections({ view: v, onSaved }: { view: SettingsView; onSaved: (view: SettingsView) => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const connections = (v.settings.connections ?? []) as readonly ConnectionDoc[];
  const index = Math.max(
    0,
    connections.findIndex((c) => c.id === selected),
  );
  const current = connections[index];
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
          built-in sandbox.
        </div>
      ) : (
        <>
          <table className="settings-table" aria-label="EHR connections">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">EHR</th>
                <th scope="col">Base URL</th>
                <th scope="col">Client secret</th>
                <th scope="col">
                  <span className="visually-hidden">Edit</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => {
                const set = v.secrets.find((s) => s.name === c.clientSecretRef)?.set ?? false;
                return (
                  <tr key={c.id} aria-selected={c === current}>
                    <td>
                      {c.name}
                      {c.enabled === false && <span className="muted"> (disabled)</span>}
                    </td>
                    <td>{EHR_NAME[c.ehr]}</td>
                    <td className="mono">{c.baseUrl}</td>
                    <td className={set ? 'secret-set' : 'secret-unset'}>{set ? 'set' : 'not set'}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setSelected(c.id)}
                        disabled={c === current}
                        aria-label={`Edit ${c.name}`}
                      >
                        {c === current ? 'Editing' : 'Edit'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {current && <ConnectionEditor key={current.id} view={v} index={index} onSaved={onSaved} />}
        </>
      )}
    </>
  );
}
