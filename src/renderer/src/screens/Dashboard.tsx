import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { plural } from '../../../shared/words';
import { DailyChart } from '../components/DailyChart';
import { QueryView } from '../components/QueryView';
import { formatMoney, formatRelative, formatTotals, formatWhen, localIsoDay } from '../format';
import { useQuery } from '../hooks/use-query';
import { EMPTY_FILTERS, useUi } from '../stores/ui';
import { Endpoints } from './dashboard/Endpoints';
import { StatusTable } from './dashboard/StatusTable';
import { TeamMeasures } from './dashboard/TeamMeasures';

const DAYS = 14;

/** The console's local midnights for the last `DAYS` days, oldest first (the facility's day, DST-safe). */
function localDayStarts(now = new Date()): number[] {
  return Array.from({ length: DAYS }, (_, i) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DAYS - 1 - i)).getTime(),
  );
}

export function Dashboard() {
  const [dayStarts] = useState(localDayStarts);
  const summary = useQuery('dashboard.summary', { dayStarts }, ['postings', 'payment_events', 'attempts']);
  const status = useQuery('status.summary', {}, ['postings', 'payment_events', 'quarantined_inputs']);
  const navigate = useNavigate();
  const setFilters = useUi((s) => s.setExceptionFilters);
  /** A day of the chart: the queue of that day's payments, every other filter cleared. */
  const openDay = (dayStart: number) => {
    const day = localIsoDay(dayStart);
    setFilters({ ...EMPTY_FILTERS, from: day, to: day });
    void navigate('/exceptions');
  };

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
                <Link className="card card-link" to="/quarantine" data-testid="card-quarantined">
                  <div className="card-value">{(status.data?.quarantined ?? 0).toLocaleString()}</div>
                  <div className="card-label">
                    quarantined {plural('input', status.data?.quarantined ?? 0)} awaiting review
                  </div>
                </Link>
              </div>

              <div className="dash-grid">
                <section className="panel" aria-labelledby="chart-title">
                  <h2 id="chart-title">Postings and failures, last {DAYS} days</h2>
                  <DailyChart series={data.series} onOpenDay={openDay} />
                </section>
                <Endpoints />
              </div>

              <h2>By status</h2>
              <StatusTable counts={data.counts} />
              <p className="muted">
                Columns after the EHRs split the same counts by channel (API, daily file, manual workflow).
              </p>
            </>
          );
        }}
      </QueryView>
      <TeamMeasures />
    </section>
  );
}
