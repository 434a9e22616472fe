import { QueryView } from '../../components/QueryView';
import { formatWhen } from '../../format';
import { useQuery } from '../../hooks/use-query';
import { DownloadButton } from './DownloadButton';
import { ColumnHeads, num } from '../../components/ColumnHeads';

const ON_DISK: Readonly<Record<string, string>> = {
  unchanged: 'Unchanged',
  changed: 'Changed since written',
  missing: 'Missing',
};

/** Files generated so far, newest first, each checked against the hash recorded when it was written. */
export function History() {
  const history = useQuery('reports.history', { limit: 50 }, ['audit_events']);
  return (
    <section className="panel" aria-label="Generated files">
      <h2>Generated files</h2>
      <QueryView query={history} isEmpty={(rows) => rows.length === 0} empty="No files generated yet.">
        {(rows) => (
          <table className="grid compact" aria-label="Generated files">
            <ColumnHeads
              columns={[
                'File',
                'Day',
                num('Rows'),
                'Generated',
                'By',
                'On disk',
                'SHA-256',
                { label: 'Download', hidden: true },
              ]}
            />
            <tbody>
              {rows.map((f) => (
                <tr key={f.id}>
                  <td className="mono">{f.fileName}</td>
                  <td>{f.businessDate}</td>
                  <td className="num">{f.rows}</td>
                  <td>{formatWhen(f.generatedAt)}</td>
                  <td>{f.trigger === 'schedule' ? 'Schedule' : f.generatedBy}</td>
                  <td className={f.onDisk === 'unchanged' ? '' : 'form-error'}>{ON_DISK[f.onDisk]}</td>
                  <td className="mono" title={f.sha256}>
                    {f.sha256.slice(0, 12)}…
                  </td>
                  <td>{f.onDisk === 'unchanged' && <DownloadButton fileName={f.fileName} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
