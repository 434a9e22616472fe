import { useState } from 'react';
import {
  EHR_LABEL,
  EHR_SYSTEMS,
  EXCEPTION_STATUSES,
  STATUS_INFO,
  TENDER_LABEL,
  type EhrSystem,
  type PostingStatus,
} from '../../../shared/domain';
import { QueryView } from '../components/QueryView';
import { StatusBadge } from '../components/StatusBadge';
import { formatMoney, formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import { useUi } from '../stores/ui';

export function Exceptions() {
  const filters = useUi((s) => s.exceptionFilters);
  const setFilters = useUi((s) => s.setExceptionFilters);
  const [search, setSearch] = useState(filters.search);
  const query = useQuery(
    'exceptions.list',
    {
      statuses: filters.statuses.length ? [...filters.statuses] : undefined,
      ehr: filters.ehr ?? undefined,
      search: filters.search || undefined,
      limit: 200,
    },
    ['postings', 'payment_events'],
  );

  return (
    <section aria-labelledby="exceptions-title">
      <h1 id="exceptions-title">Exceptions</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ search: search.trim() });
        }}
      >
        <label>
          Account, encounter or transaction id
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. G100234" />
        </label>
        <label>
          Status
          <select
            value={filters.statuses[0] ?? ''}
            onChange={(e) =>
              setFilters({ statuses: e.target.value ? [e.target.value as PostingStatus] : [] })
            }
          >
            <option value="">All exceptions</option>
            {EXCEPTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_INFO[s].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          EHR
          <select
            value={filters.ehr ?? ''}
            onChange={(e) => setFilters({ ehr: e.target.value ? (e.target.value as EhrSystem) : null })}
          >
            <option value="">All</option>
            {EHR_SYSTEMS.map((ehr) => (
              <option key={ehr} value={ehr}>
                {EHR_LABEL[ehr]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <QueryView
        query={query}
        isEmpty={(page) => page.rows.length === 0}
        empty={
          <>
            <strong>Nothing needs attention.</strong> Payments that do not post cleanly are listed here with
            what to do next.
          </>
        }
      >
        {(page) => (
          <table className="grid" aria-label="Exception queue">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Next step</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Tender</th>
                <th scope="col">Guarantor account</th>
                <th scope="col">Encounter</th>
                <th scope="col">Transaction id</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Next attempt</th>
                <th scope="col">Window expires</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.postingId}>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>{row.reason ?? STATUS_INFO[row.status].meaning}</td>
                  <td>{row.nextStep ?? '—'}</td>
                  <td className="num">{formatMoney(row.amountMinor, row.currency)}</td>
                  <td>{TENDER_LABEL[row.tender]}</td>
                  <td>{row.guarantorAccount ?? '—'}</td>
                  <td>{row.encounterId ?? '—'}</td>
                  <td className="mono">{row.processorTxnId}</td>
                  <td className="num">{row.attempts}</td>
                  <td>{formatWhen(row.nextAttemptAt)}</td>
                  <td>{formatWhen(row.windowExpiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
