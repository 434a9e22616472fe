import { useState } from 'react';
import type { SettingsView } from '../../../shared/commands/settings';
import { QueryView } from '../components/QueryView';
import { formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import '../settings.css';
import { AccessSettings } from './settings/AccessSettings';
import { ApprovalSettings } from './settings/ApprovalSettings';
import { MeasureTargets } from './settings/MeasureTargets';
import { Accounts } from './settings/Accounts';
import { AuditCheck } from './settings/AuditCheck';
import { CybersourceReporting } from './settings/CybersourceReporting';
import { Connections } from './settings/Connections';
import { GoLiveChecklist } from './settings/GoLiveChecklist';
import { RestartNotice } from './settings/RestartNotice';
import { WebhookSubscriptions } from './settings/WebhookSubscriptions';
import { EmailSettings } from './settings/EmailSettings';
import { FacilityZones } from './settings/FacilityZones';
import { IntakeRulesSection } from './settings/IntakeRules';
import { RoutingEditor } from './settings/RoutingEditor';
import { Schedules } from './settings/Schedules';
import { ServiceSection } from './settings/ServiceSection';
import { WebhookIntake } from './settings/WebhookIntake';

export function Settings() {
  const info = useQuery('app.info', {}, []);
  const query = useQuery('settings.get', {}, []);
  const whoami = useQuery('auth.whoami', {}, []);
  // After a save or a stored secret, the answer of that call is the newest view.
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const view = saved ?? query.data;
  const canEdit = whoami.data?.role === 'supervisor';
  // Connection tests change the checklist without changing the settings.
  const [tests, setTests] = useState(0);
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Settings</h1>
      <QueryView query={{ ...query, data: view }}>
        {(v) => (
          <>
            <RestartNotice view={v} canEdit={canEdit} />
            {!canEdit && whoami.data && (
              <p className="restart-note" role="status" data-testid="settings-read-only">
                You can read these settings; only a supervisor can change them.
              </p>
            )}
            {canEdit && <GoLiveChecklist view={v} tests={tests} />}
            {canEdit && <Connections view={v} onSaved={setSaved} onTested={() => setTests((n) => n + 1)} />}
            <h2>Routing and facilities</h2>
            <RoutingEditor view={v} canEdit={canEdit} onSaved={setSaved} />
            <FacilityZones view={v} canEdit={canEdit} onSaved={setSaved} />
            <IntakeRulesSection canEdit={canEdit} />
            {v.webhookIntake && <WebhookIntake view={v.webhookIntake} />}
            {canEdit && <WebhookSubscriptions view={v} onSaved={setSaved} />}
            <CybersourceReporting view={v} canEdit={canEdit} onSaved={setSaved} />
            <h2>Notifications and schedules</h2>
            <EmailSettings view={v} canEdit={canEdit} onSaved={setSaved} />
            <Schedules view={v} canEdit={canEdit} onSaved={setSaved} />
            <h2>Access</h2>
            <AccessSettings view={v} canEdit={canEdit} onSaved={setSaved} />
            <ApprovalSettings view={v} canEdit={canEdit} onSaved={setSaved} />
            <h2>Team measures</h2>
            <MeasureTargets view={v} canEdit={canEdit} onSaved={setSaved} />
            {canEdit && info.data?.mode === 'serve' && <Accounts />}
            <AuditCheck />
          </>
        )}
      </QueryView>
      <ServiceSection appMode={info.data?.mode} />
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
