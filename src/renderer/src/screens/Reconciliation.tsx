import { useState, type SyntheticEvent } from 'react';
import {
  REPORT_DATE_BASES,
  type BalanceResult,
  type ReportDateBasis,
  type ReportPreview as Preview,
  type WrittenReportFile,
} from '../../../shared/commands/reconciliation';
import { useApi } from '../hooks/api-context';
import { useUi } from '../stores/ui';
import { Balance } from './reconciliation/Balance';
import { DownloadButton } from './reconciliation/DownloadButton';
import { History } from './reconciliation/History';
import { ReportPreview } from './reconciliation/ReportPreview';

type Kind = 'recon' | 'detail' | 'epic_voids' | 'posting_file';
const KIND_LABEL: Readonly<Record<Kind, string>> = {
  recon: 'Daily reconciliation file',
  detail: 'Payments detail report',
  epic_voids: 'Epic void/refund file',
  posting_file: 'Posting file (file-only facilities)',
};
/** Files written as they are, without a preview or a format choice. */
const FIXED = (kind: Kind) => kind === 'epic_voids' || kind === 'posting_file';

/** Yesterday in this workstation's time zone: the day a reconciliation usually looks at. */
function yesterday(): string {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The day's files on demand: preview what a file will carry, write it (atomically, recorded with its
 * hash), and balance the processor against Clearpost and the EHR.
 */
export function Reconciliation() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [date, setDate] = useState(yesterday);
  const [facility, setFacility] = useState('');
  const [basis, setBasis] = useState<ReportDateBasis>('transaction');
  const [kind, setKind] = useState<Kind>('recon');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [previews, setPreviews] = useState<readonly Preview[] | null>(null);
  const [written, setWritten] = useState<readonly WrittenReportFile[] | null>(null);
  const [balance, setBalance] = useState<BalanceResult | null>(null);
  const [balanceFiles, setBalanceFiles] = useState<readonly string[] | null>(null);
  // Bumped after a write so the history shows the new file.
  const [historyVersion, setHistoryVersion] = useState(0);

  const day = { date, basis, ...(facility.trim() ? { facility: facility.trim() } : {}) };
  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    work()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  const preview = (event: SyntheticEvent) => {
    event.preventDefault();
    run(async () => {
      setWritten(null);
      setPreviews(
        kind === 'epic_voids' || kind === 'posting_file'
          ? []
          : await api.invoke('reports.preview', { ...day, kind, limit: 100 }),
      );
    });
  };
  const exportFiles = () =>
    run(async () => {
      setWritten(await api.invoke('reports.export', { ...day, kind, format }));
      setHistoryVersion((v) => v + 1);
    });
  const balanceDay = () =>
    run(async () => {
      setBalance(await api.invoke('reports.balance', day));
    });
  const exportBalance = () =>
    run(async () => {
      const files = await api.invoke('reports.exportBalance', { ...day, format });
      setBalanceFiles(files.map((f) => f.path));
    });

  return (
    <section aria-labelledby="recon-title">
      <h1 id="recon-title">Reconciliation</h1>
      <form className="filters" onSubmit={preview} aria-label="Report">
        <label>
          Report
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Day
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </label>
        <label>
          Facility
          <input
            value={facility}
            onChange={(e) => setFacility(e.target.value)}
            placeholder="All facilities"
          />
        </label>
        <label>
          Date basis
          <select value={basis} onChange={(e) => setBasis(e.target.value as ReportDateBasis)}>
            {REPORT_DATE_BASES.map((b) => (
              <option key={b} value={b}>
                {b === 'transaction'
                  ? 'Transaction date'
                  : b === 'effective'
                    ? 'Effective date'
                    : 'Funding date'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')}
            disabled={FIXED(kind)}
          >
            <option value="csv">CSV</option>
            <option value="xlsx">XLSX</option>
          </select>
        </label>
        <button type="submit" disabled={busy || FIXED(kind)}>
          Preview
        </button>
        <button type="button" onClick={exportFiles} disabled={busy || !connected}>
          Write file
        </button>
        <button type="button" onClick={balanceDay} disabled={busy}>
          Balance the day
        </button>
        <button type="button" onClick={exportBalance} disabled={busy || !connected}>
          Write variances
        </button>
      </form>
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
      {busy && (
        <div className="state" role="status" aria-live="polite">
          Working…
        </div>
      )}
      {written && (
        <section className="panel" aria-label="Files written">
          <h2>Files written</h2>
          {written.length === 0 ? (
            <p className="muted">Nothing to write for this day.</p>
          ) : (
            <ul>
              {written.map((f) => (
                <li key={f.path}>
                  <span className="mono">{f.path}</span> — {f.rows} rows,{' '}
                  {Object.entries(f.totals)
                    .map(([currency, total]) => `${currency} ${total}`)
                    .join(', ') || 'no amounts'}{' '}
                  <DownloadButton fileName={f.file} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {balanceFiles && (
        <section className="panel" aria-label="Variances written">
          <h2>Variances written</h2>
          <ul>
            {balanceFiles.map((path) => (
              <li key={path} className="mono">
                {path}
              </li>
            ))}
          </ul>
        </section>
      )}
      {balance && <Balance result={balance} />}
      {previews?.map((p) => (
        <ReportPreview key={p.facility} preview={p} />
      ))}
      {previews?.length === 0 && !FIXED(kind) && (
        <div className="state state-empty">Nothing to report for this day.</div>
      )}
      <History key={historyVersion} />
    </section>
  );
}
