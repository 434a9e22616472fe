import { useEffect, useState } from 'react';
import { useApi } from '../hooks/api-context';
import { useUi, type ReconDay } from '../stores/ui';
import { History } from './reconciliation/History';
import { ReportForm } from './reconciliation/ReportForm';
import { isFixedKind, yesterday, type ReportKind } from './reconciliation/report-kinds';
import { Results, type ReconResult } from './reconciliation/Results';

/**
 * The day's files on demand: preview what a file will carry, write it (atomically, recorded with its
 * hash), and balance the processor against Clearpost and the EHR. The day, facility and basis are kept
 * while the operator visits other screens; changing the report or the day clears the last answer, so what
 * is shown always belongs to what the form says.
 */
export function Reconciliation() {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const stored = useUi((s) => s.reconDay);
  const setReconDay = useUi((s) => s.setReconDay);
  const day: ReconDay = stored.date ? stored : { ...stored, date: yesterday() };
  const [kind, setKind] = useState<ReportKind>('recon');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReconResult | null>(null);
  // Bumped after a write so the history shows the new file.
  const [historyVersion, setHistoryVersion] = useState(0);

  useEffect(() => {
    if (!stored.date) setReconDay({ date: yesterday() });
  }, [stored.date, setReconDay]);

  const clear = () => {
    setResult(null);
    setError(null);
  };
  const changeKind = (next: ReportKind) => {
    setKind(next);
    clear();
  };
  const changeDay = (next: Partial<ReconDay>) => {
    setReconDay(next);
    clear();
  };

  const args = {
    date: day.date,
    basis: day.basis,
    ...(day.facility.trim() ? { facility: day.facility.trim() } : {}),
  };
  const run = (work: () => Promise<ReconResult>) => {
    setBusy(true);
    setError(null);
    work()
      .then(setResult)
      .catch((e: unknown) => {
        setResult(null);
        setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => setBusy(false));
  };

  const preview = () =>
    run(async () => ({
      kind: 'preview',
      previews:
        kind === 'recon' || kind === 'detail'
          ? await api.invoke('reports.preview', { ...args, kind, limit: 100 })
          : [],
    }));
  const write = () =>
    run(async () => {
      const files = await api.invoke('reports.export', { ...args, kind, format });
      setHistoryVersion((v) => v + 1);
      return { kind: 'written', files };
    });
  const balance = () =>
    run(async () => ({
      kind: 'balance',
      balance: await api.invoke('reports.balance', args),
      variances: null,
    }));
  const writeVariances = () =>
    run(async () => {
      const files = await api.invoke('reports.exportBalance', { ...args, format });
      // The balancing shown stays beside the files written from it.
      const shown = result?.kind === 'balance' ? result.balance : null;
      return { kind: 'balance', balance: shown, variances: files.map((f) => f.path) };
    });

  return (
    <section aria-labelledby="recon-title">
      <h1 id="recon-title">Reconciliation</h1>
      <ReportForm
        kind={kind}
        day={day}
        format={isFixedKind(kind) ? 'csv' : format}
        busy={busy}
        connected={connected}
        onKind={changeKind}
        onDay={changeDay}
        onFormat={setFormat}
        onPreview={preview}
        onWrite={write}
        onBalance={balance}
        onWriteVariances={writeVariances}
      />
      {error && (
        <div className="state state-error recon-error" role="alert">
          {error}
        </div>
      )}
      {busy && (
        <div className="state" role="status" aria-live="polite">
          Working…
        </div>
      )}
      {result && <Results result={result} />}
      <History key={historyVersion} />
    </section>
  );
}
