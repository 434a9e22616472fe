import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import {
  EHR_LABEL,
  EVENT_KIND_LABEL,
  POSTING_STATUSES,
  STATUS_INFO,
  TENDER_LABEL,
  type PostingStatus,
} from '../../../shared/domain';
import { signedMinor } from '../../../shared/signed-money';
import { StatusBadge } from '../components/StatusBadge';
import { formatMoney, formatWhen } from '../format';
import { useKeysetList } from '../hooks/use-keyset-list';

/**
 * Every payment, whatever became of it — posted, manual, in the daily file, or still an exception —
 * found by guarantor account, encounter or processor transaction id. Each opens the same detail view as
 * the exception queue, with its whole timeline.
 */
export function Transactions() {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<PostingStatus | ''>('');
  const list = useKeysetList({
    statuses: status ? [status] : [...POSTING_STATUSES],
    ...(search ? { search } : {}),
    sort: 'newest',
  });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSearch(input.trim());
  };

  return (
    <section aria-labelledby="transactions-title">
      <h1 id="transactions-title">Transactions</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          Account, encounter or transaction id
          <input value={input} onChange={(e) => setInput(e.target.value)} placeholder="e.g. G100234" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as PostingStatus | '')}>
            <option value="">Any status</option>
            {POSTING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_INFO[s].label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {list.error && (
        <div className="state state-error" role="alert">
          {list.error.message}
        </div>
      )}
      {!list.ready && !list.error && (
        <div className="state" role="status" aria-live="polite">
          Loading…
        </div>
      )}
      {list.ready && list.rows.length === 0 && (
        <div className="state state-empty">No payment matches. Search by the full start of an id.</div>
      )}
      {list.rows.length > 0 && (
        <table className="grid" aria-label="Transactions">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Transaction id</th>
              <th scope="col">Kind</th>
              <th scope="col">Tender</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">EHR</th>
              <th scope="col">Guarantor account</th>
              <th scope="col">Encounter</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr key={row.postingId}>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td className="mono">
                  <Link to={`/exceptions/${String(row.postingId)}`}>{row.processorTxnId}</Link>
                </td>
                <td>{EVENT_KIND_LABEL[row.kind]}</td>
                <td>{TENDER_LABEL[row.tender]}</td>
                <td className="num">{formatMoney(signedMinor(row.kind, row.amountMinor), row.currency)}</td>
                <td>{EHR_LABEL[row.ehr]}</td>
                <td>{row.guarantorAccount ?? '—'}</td>
                <td>{row.encounterId ?? '—'}</td>
                <td>{formatWhen(row.transactionAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!list.complete && list.rows.length > 0 && (
        <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
