import type {
  BalanceResult,
  ReportPreview as Preview,
  WrittenReportFile,
} from '../../../../shared/commands/reconciliation';
import { count } from '../../../../shared/words';
import { Balance } from './Balance';
import { DownloadButton } from './DownloadButton';
import { ReportPreview } from './ReportPreview';

/**
 * What the last action on the screen produced. One at a time, shown right under the form: a new action or a
 * new report type replaces it, so an answer never sits below an older one out of sight.
 */
export type ReconResult =
  | { readonly kind: 'preview'; readonly previews: readonly Preview[] }
  | { readonly kind: 'written'; readonly files: readonly WrittenReportFile[] }
  | {
      readonly kind: 'balance';
      readonly balance: BalanceResult | null;
      readonly variances: readonly string[] | null;
    };

function Written({ files }: { files: readonly WrittenReportFile[] }) {
  return (
    <section className="panel" aria-label="Files written">
      <h2>Files written</h2>
      {files.length === 0 ? (
        <p className="muted">Nothing to write for this day.</p>
      ) : (
        <ul>
          {files.map((f) => (
            <li key={f.path}>
              <span className="mono">{f.path}</span> — {count(f.rows, 'row')},{' '}
              {Object.entries(f.totals)
                .map(([currency, total]) => `${currency} ${total}`)
                .join(', ') || 'no amounts'}{' '}
              <DownloadButton fileName={f.file} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Results({ result }: { result: ReconResult }) {
  if (result.kind === 'written') return <Written files={result.files} />;
  if (result.kind === 'preview') {
    if (result.previews.length === 0)
      return <div className="state state-empty">Nothing to report for this day.</div>;
    return (
      <>
        {result.previews.map((p) => (
          <ReportPreview key={p.facility} preview={p} />
        ))}
      </>
    );
  }
  return (
    <>
      {result.variances && (
        <section className="panel" aria-label="Variances written">
          <h2>Variances written</h2>
          <ul>
            {result.variances.map((path) => (
              <li key={path} className="mono">
                {path}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result.balance && <Balance result={result.balance} />}
    </>
  );
}
