import { Link } from 'react-router';
import type { ImportStatus } from '../../../../shared/commands/imports';
import { count } from '../../../../shared/words';
import { quarantineOfFile } from './import-file';

/** One sentence that says what the import did, never more than it did. */
export function importOutcome(status: ImportStatus): string {
  const name = `${status.fileName}${status.source ? ` (${status.source})` : ''}`;
  if (status.state === 'failed') return `${status.fileName} was not imported.`;
  if (status.alreadyImported) {
    // The same content came before: nothing is read again, whatever became of its rows then.
    return `${name} was imported before, so nothing was read again. Rows it sent to Quarantine stay there: correct them in Quarantine.`;
  }
  const { imported, quarantined, duplicates } = status.counts;
  const parts = [
    `${count(imported, 'row')} imported`,
    ...(quarantined > 0 ? [`${count(quarantined, 'row')} sent to Quarantine`] : []),
    ...(duplicates > 0 ? [`${count(duplicates, 'row')} already in Clearpost`] : []),
  ];
  return `${name}: ${parts.join(', ')}.`;
}

/** The import's progress while it runs, then its outcome, counts and notices. */
export function ImportStatusView({ status, percent }: { status: ImportStatus; percent: number }) {
  const done = status.state === 'done';
  const toQuarantine = done && (status.alreadyImported || status.counts.quarantined > 0);
  return (
    <div className="import-status" data-testid="import-status" data-state={status.state}>
      <progress
        max={100}
        value={status.state === 'running' ? percent : 100}
        aria-label={`Importing ${status.fileName}`}
      />
      <span className="muted" role="status">
        {status.state === 'running'
          ? `Importing ${status.fileName}: ${String(percent)}% · ${count(status.counts.rows, 'row')}`
          : importOutcome(status)}
      </span>
      {toQuarantine && (
        <p>
          <Link to={quarantineOfFile(status.fileName)}>Open this file’s rows in Quarantine</Link> to give them
          a facility all at once.
        </p>
      )}
      {done && (
        <dl
          className="import-summary"
          data-testid="import-summary"
          data-counts={JSON.stringify(status.counts)}
        >
          {(
            [
              ['Rows read', status.counts.rows],
              ['Imported', status.counts.imported],
              ['Quarantined', status.counts.quarantined],
              ['Already imported', status.counts.duplicates],
            ] as const
          ).map(([label, n]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{n.toLocaleString()}</dd>
            </div>
          ))}
        </dl>
      )}
      {done && status.notices.length > 0 && (
        <ul className="import-notices" data-testid="import-notices">
          {status.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      )}
      {status.state === 'failed' && (
        <p className="form-error" role="alert">
          {status.error}
        </p>
      )}
    </div>
  );
}
