import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ChannelStatusCount } from '../../../shared/commands/console';
import {
  CHANNELS,
  EHR_LABEL,
  EHR_SYSTEMS,
  POSTING_STATUSES,
  STATUS_INFO,
  type PostingStatus,
} from '../../../shared/domain';
import {
  CONNECTION_STATE_NAME,
  breakerName,
  connectionLabel,
  plural,
  statusName,
} from '../../../shared/words';
import { DailyChart } from '../components/DailyChart';
import { QueryView } from '../components/QueryView';
import { StatusBadge } from '../components/StatusBadge';
import { CHANNEL_LABEL, formatMoney, formatRelative, formatTotals, formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import { EMPTY_FILTERS, useUi, type ExceptionFilters } from '../stores/ui';

const DAYS = 14;

/** The console's local midnights for the last `DAYS` days, oldest first (the facility's day, DST-safe). */
function localDayStarts(now = new Date()): number[] {
  return Array.from({ length: DAYS }, (_, i) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS - 1 - i)).getTime(),
  );
}

function sum(counts: readonly ChannelStatusCount[], pick: (c: ChannelStatusCount) => boolean): number {
  return counts.reduce((n, c) => (pick(c) ? n + c.count : n), 0);
}

function Endpoints() {
  const engine = useUi((s) => s.engine);
  const connected = useUi((s) => s.connected);
  return (
    <section className="panel" aria-labelledby="endpoints-title">
      <h2 id="endpoints-title">Connections</h2>
      <ul className="endpoints">
        <li data-testid="offline-indicator">
          <span className={`dot ${connected ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
          {connected ? 'Console online' : 'Console offline: showing the last data loaded'}
        </li>
        <li>
          Engine: <strong>{engine?.state ?? '…'}</strong>
          {engine ? ` · ${String(engine.inFlight)} in flight` : ''}
        </li>
        {engine?.connections.length === 0 && <li className="muted">No EHR connections configured.</li>}
        {engine?.connections.map((c) => (
          <li key={c.id} data-testid={`endpoint-${c.id}`}>
            <span
              className={`dot ${c.state === 'up' ? 'dot-ok' : c.state === 'down' ? 'dot-bad' : 'dot-unknown'}`}
              aria-hidden="true"
            />
            <span>
              {connectionLabel(c.ehr, c.name)}: <strong>{CONNECTION_STATE_NAME[c.state]}</strong>,{' '}
              <strong className={c.breaker === 'closed' ? undefined : 'bad'}>{breakerName(c.breaker)}</strong>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Dashboard() {
  const [dayStarts] = useState(localDayStarts);
  const navigate = useNavigate();
  const setFilters = useUi((s) => s.setExceptionFilters);
  const summary = useQuery('dashboard.summary', { dayStarts }, ['postings', 'payment_events', 'attempts']);
  const status = useQuery('status.summary', {}, ['postings', 'payment_events', 'quarantined_inputs']);

  const openStatus = (s: PostingStatus, where: Partial<ExceptionFilters> = {}) => {
    setFilters({ ...EMPTY_FILTERS, ...where, statuses: STATUS_INFO[s].exception ? [s] : [] });
    void navigate('/exceptions');
  };
  /** A count that opens the queue filtered to it; counts of statuses outside the queue stay plain. */
  const countCell = (s: PostingStatus, n: number, what: string, where: Partial<ExceptionFilters>) =>
    STATUS_INFO[s].exception && n > 0 ? (
      <button
        type="button"
        className="link"
        onClick={() => openStatus(s, where)}
        aria-label={`${String(n)}: open ${statusName(s)} items for ${what}`}
      >
        {n}
      </button>
    ) : (
      n
    );

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <QueryView
        query={summary}
        isEmpty={(data) => data.counts.length === 0 && (status.data?.quarantined ?? 0) === 0}
        empty={
          <>
            <strong>No payments yet.</strong> Payment events from the processor appear here as soon as they
            arrive. <Link to="/manual">Enter a manual payment</Link>
          </>
        }
      >
        {(data) => {
          const shown = POSTING_STATUSES.filter((s) => data.counts.some((c) => c.status === s));
          const channels = CHANNELS.filter((ch) => data.counts.some((c) => c.channel === ch));
          const currency = data.postedLast7Days[0]?.currency ?? 'USD';
          const todayCount = data.postedToday.reduce((n, t) => n + t.count, 0);
          const weekCount = data.postedLast7Days.reduce((n, t) => n + t.count, 0);
          return (
            <>
              <div className="cards">
                <Link
                  className="card card-link"
                  to="/exceptions"
                  data-testid="card-exceptions"
                  title="Open the queue"
                >
                  <div className="card-value">{data.exceptions.toLocaleString()}</div>
                  <div className="card-label">{plural('exception', data.exceptions)} to work</div>
                </Link>
                <div className="card" data-testid="card-posted-today">
                  <div className="card-value">{formatTotals(data.postedToday, currency)}</div>
                  <div className="card-label">posted today ({todayCount.toLocaleString()})</div>
                </div>
                <div className="card" data-testid="card-posted-week">
                  <div className="card-value">{formatTotals(data.postedLast7Days, currency)}</div>
                  <div className="card-label">posted in the last 7 days ({weekCount.toLocaleString()})</div>
                </div>
                <div className="card" data-testid="card-oldest-retry">
                  {data.oldestRetry ? (
                    <>
                      <div className="card-value small">
                        <Link to={`/exceptions/${String(data.oldestRetry.postingId)}`}>
                          {data.oldestRetry.processorTxnId}
                        </Link>{' '}
                        · {formatMoney(data.oldestRetry.amountMinor, data.oldestRetry.currency)}
                      </div>
                      <div className="card-label">
                        oldest in Retry; window ends{' '}
                        {data.oldestRetry.windowExpiresAt === null
                          ? '—'
                          : `${formatWhen(data.oldestRetry.windowExpiresAt)} (${formatRelative(data.oldestRetry.windowExpiresAt)})`}
                      </div>
                    </>
                  ) : (
                    <>
                      <div className="card-value small">None</div>
                      <div className="card-label">nothing waiting in Retry</div>
                    </>
                  )}
                </div>
                <div className="card">
                  <div className="card-value">{(status.data?.quarantined ?? 0).toLocaleString()}</div>
                  <div className="card-label">quarantined inputs awaiting review</div>
                </div>
              </div>

              <div className="dash-grid">
                <section className="panel" aria-labelledby="chart-title">
                  <h2 id="chart-title">Postings and failures, last {DAYS} days</h2>
                  <DailyChart series={data.series} />
                </section>
                <Endpoints />
              </div>

              <h2>By status</h2>
              <table className="grid" aria-label="Postings by status and EHR">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    {EHR_SYSTEMS.map((ehr) => (
                      <th scope="col" key={ehr} className="num">
                        {EHR_LABEL[ehr]}
                      </th>
                    ))}
                    {channels.map((ch) => (
                      <th scope="col" key={ch} className="num">
                        {CHANNEL_LABEL[ch]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <tr key={s} data-testid={`count-${s}`}>
                      <td>
                        <button type="button" className="link" onClick={() => openStatus(s)}>
                          <StatusBadge status={s} />
                        </button>
                      </td>
                      {EHR_SYSTEMS.map((ehr) => (
                        <td key={ehr} className="num" data-testid={`count-${s}-${ehr}`}>
                          {countCell(
                            s,
                            sum(data.counts, (c) => c.status === s && c.ehr === ehr),
                            EHR_LABEL[ehr],
                            {
                              ehr,
                            },
                          )}
                        </td>
                      ))}
                      {channels.map((ch) => (
                        <td key={ch} className="num">
                          {countCell(
                            s,
                            sum(data.counts, (c) => c.status === s && c.channel === ch),
                            CHANNEL_LABEL[ch],
                            { channel: ch },
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted">
                Columns after the EHRs split the same counts by channel (API, daily file, manual workflow).
              </p>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
