import { QueryView } from '../components/QueryView';
import { formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';

export function Settings() {
  const info = useQuery('app.info', {}, []);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
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
