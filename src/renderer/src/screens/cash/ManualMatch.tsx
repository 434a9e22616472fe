import { useState } from 'react';
import type { UnmatchedBatchView, UnmatchedDepositView } from '../../../../shared/commands/cash';
import { useApi } from '../../hooks/api-context';
import { formatMoney } from '../../format';

/**
 * Deposits and funding batches nothing matched, side by side: tick what belongs together (a split deposit,
 * a combined one) and match it. A difference between the two sides needs a note saying why.
 */
export function ManualMatch({
  deposits,
  batches,
  onMatched,
}: {
  deposits: readonly UnmatchedDepositView[];
  batches: readonly UnmatchedBatchView[];
  onMatched: () => void;
}) {
  const api = useApi();
  const [pickedDeposits, setPickedDeposits] = useState<ReadonlySet<number>>(new Set());
  const [pickedBatches, setPickedBatches] = useState<ReadonlySet<number>>(new Set());
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const toggle = (set: ReadonlySet<number>, id: number) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  const currency = deposits[0]?.currency ?? batches[0]?.currency ?? 'USD';
  const depositTotal = deposits
    .filter((d) => pickedDeposits.has(d.id))
    .reduce((s, d) => s + d.amountMinor, 0);
  const batchTotal = batches.filter((b) => pickedBatches.has(b.id)).reduce((s, b) => s + b.netMinor, 0);
  const difference = depositTotal - batchTotal;

  const match = () => {
    setError(null);
    setDone(null);
    api
      .invoke('cash.match', {
        depositIds: [...pickedDeposits],
        batchIds: [...pickedBatches],
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      .then(({ matchId }) => {
        setDone(`Matched (match ${String(matchId)}).`);
        setPickedDeposits(new Set());
        setPickedBatches(new Set());
        setNote('');
        onMatched();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section className="panel" aria-labelledby="cash-unmatched-title">
      <h2 id="cash-unmatched-title">Unmatched deposits and batches</h2>
      <div className="cards">
        <table className="grid compact" aria-label="Unmatched deposits">
          <thead>
            <tr>
              <th scope="col">Match</th>
              <th scope="col">Booked</th>
              <th scope="col">Account</th>
              <th scope="col">Reference</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {deposits.map((d) => (
              <tr key={d.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Deposit ${d.reference ?? String(d.id)} of ${d.bookingDate}`}
                    checked={pickedDeposits.has(d.id)}
                    onChange={() => setPickedDeposits((s) => toggle(s, d.id))}
                  />
                </td>
                <td>{d.bookingDate}</td>
                <td className="mono">…{d.accountLast4}</td>
                <td className="mono">{d.reference ?? '—'}</td>
                <td className="num">{formatMoney(d.amountMinor, d.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="grid compact" aria-label="Unmatched funding batches">
          <thead>
            <tr>
              <th scope="col">Match</th>
              <th scope="col">Funded</th>
              <th scope="col">Merchant</th>
              <th scope="col">Batch</th>
              <th scope="col" className="num">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Batch ${b.batchId} of ${b.fundingDate}`}
                    checked={pickedBatches.has(b.id)}
                    onChange={() => setPickedBatches((s) => toggle(s, b.id))}
                  />
                </td>
                <td>{b.fundingDate}</td>
                <td className="mono">{b.merchantId}</td>
                <td className="mono">{b.batchId}</td>
                <td className="num">{formatMoney(b.netMinor, b.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" aria-live="polite">
        Deposits {formatMoney(depositTotal, currency)} · batches {formatMoney(batchTotal, currency)} ·
        difference {formatMoney(difference, currency)}
      </p>
      <label>
        Why they differ (needed when they do)
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="button" onClick={match} disabled={pickedDeposits.size === 0 || pickedBatches.size === 0}>
        Match selected
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
    </section>
  );
}
