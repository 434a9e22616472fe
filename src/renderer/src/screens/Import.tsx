import { Link } from 'react-router';
import { useQuery } from '../hooks/use-query';
import '../quarantine.css';
import { ImportPanel } from './quarantine/ImportPanel';

/**
 * Importing a processor report file, as its own screen: the rows it imports are posted; those it cannot
 * are kept in Quarantine with their reason.
 */
export function Import() {
  const info = useQuery('app.info', {}, []);
  return (
    <section aria-labelledby="import-screen-title" className="quarantine">
      <h1 id="import-screen-title">Import</h1>
      <p className="muted">
        Import a processor report (CSV or XLSX). Rows that cannot post as they are wait in{' '}
        <Link to="/quarantine">Quarantine</Link> with the reason, never dropped.
      </p>
      {info.data?.sandbox && (
        // The sandbox posts to simulators on its own database: a real report imported here never reaches the
        // hospital's EHR, and the production database will not know it was seen.
        <p className="notice" role="note" data-testid="import-sandbox-note">
          <strong>Sandbox.</strong> Rows imported here are posted to the simulated EHRs only and stay in the
          sandbox. To post a real processor report, import it into Clearpost running against your real EHR.
        </p>
      )}
      <ImportPanel />
    </section>
  );
}
