import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { CHANNEL_LABEL, formatMoney, formatRelative, formatWhen } from '../format';
import {
  EHR_LABEL,
  EVENT_KIND_LABEL,
  REVERSAL_CAUSE_LABEL,
  STATUS_INFO,
  TENDER_LABEL,
} from '../../../shared/domain';
import { QueryView } from '../components/QueryView';
import { StatusBadge } from '../components/StatusBadge';
import { useNow } from '../hooks/use-now';
import { useQuery } from '../hooks/use-query';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useUi } from '../stores/ui';
import { ACTION_IDS, Actions } from './detail/Actions';
import { guidanceFor } from './detail/guidance';
import { NOTE_BODY_ID, Notes } from './detail/Notes';
import { Lineage, Timeline } from './detail/Timeline';
import { attemptSummary } from './detail/timeline-entries';

const click = (id: string) => {
  const el = document.getElementById(id);
  if (el instanceof HTMLButtonElement && !el.disabled) el.click();
};
const focus = (id: string) => document.getElementById(id)?.focus();

export function Detail() {
  const { id: raw } = useParams();
  const id = Number(raw);
  const valid = Number.isSafeInteger(id) && id > 0;
  const navigate = useNavigate();
  const connected = useUi((s) => s.connected);
  const now = useNow();
  const detail = useQuery('postings.get', { id: valid ? id : 1 }, [
    'postings',
    'attempts',
    'notes',
    'payment_events',
  ]);
  const history = useQuery('postings.history', { id: valid ? id : 1 }, ['audit_events']);

  // Back goes where the operator came from (the queue, the dashboard, transactions); opened directly, to the queue.
  const location = useLocation();
  const cameFromApp = location.key !== 'default';
  const back = () => void (cameFromApp ? navigate(-1) : navigate('/exceptions'));
  useShortcuts({
    Escape: back,
    u: back,
    r: () => click(ACTION_IDS.retry),
    h: () => click(ACTION_IDS.hold),
    m: () => focus(ACTION_IDS.manualRef),
    a: () => focus(ACTION_IDS.assignee),
    n: () => focus(NOTE_BODY_ID),
  });

  if (!valid) {
    return (
      <div className="state state-error" role="alert">
        There is no item “{raw}”. <Link to="/exceptions">Back to the queue</Link>
      </div>
    );
  }

  return (
    <section aria-labelledby="detail-title" className="detail">
      <p className="crumbs">
        {cameFromApp ? (
          <a
            href="#/exceptions"
            onClick={(e) => {
              e.preventDefault();
              back();
            }}
          >
            ← Back
          </a>
        ) : (
          <Link to="/exceptions">← Exceptions</Link>
        )}
      </p>
      <QueryView query={detail}>
        {(data) => {
          const { posting, event } = data;
          const guidance = guidanceFor(posting, event, now);
          // A closed item has no next attempt and no window: showing one would say it is still moving.
          const open = !STATUS_INFO[posting.status].final;
          return (
            <>
              <div className="screen-head">
                <h1 id="detail-title">
                  Payment <span className="mono">{event.processorTxnId}</span>
                </h1>
                <StatusBadge status={posting.status} />
                {posting.held && <span className="tag">held</span>}
                <span className="amount-big">{formatMoney(event.amountMinor, event.currency)}</span>
              </div>
              <div className="detail-grid">
                <div>
                  <section className="panel guidance" aria-labelledby="guidance-title">
                    <h2 id="guidance-title">What to do</h2>
                    <p>
                      <strong>{guidance.classification}.</strong> {guidance.meaning}
                    </p>
                    {guidance.detail && (
                      <p className="muted" data-testid="ehr-said">
                        {EHR_LABEL[posting.ehr]} said: “{guidance.detail}”
                      </p>
                    )}
                    {guidance.caution && (
                      <p className="caution" role="note">
                        {guidance.caution}
                      </p>
                    )}
                    <ol className="steps" aria-label="Next steps">
                      {guidance.steps.map((s) => (
                        <li key={s}>{s}</li>
                      ))}
                    </ol>
                  </section>
                  <section className="panel" aria-labelledby="facts-title">
                    <h2 id="facts-title">Payment</h2>
                    <dl className="facts">
                      <dt>Guarantor account</dt>
                      <dd>{event.guarantorAccount ?? '—'}</dd>
                      <dt>Encounter</dt>
                      <dd>{event.encounterId ?? '—'}</dd>
                      <dt>Kind and tender</dt>
                      <dd>
                        {EVENT_KIND_LABEL[event.kind]} · {TENDER_LABEL[event.tender]}
                        {event.cardBrand ? ` · ${event.cardBrand} ending ${event.cardLast4 ?? '????'}` : ''}
                        {event.checkNumber ? ` · check ${event.checkNumber}` : ''}
                      </dd>
                      <dt>EHR and channel</dt>
                      <dd>
                        {EHR_LABEL[posting.ehr]} · {CHANNEL_LABEL[posting.channel]} · {posting.connectionId}
                      </dd>
                      {data.reversal && (
                        <>
                          <dt>{REVERSAL_CAUSE_LABEL[data.reversal.cause]}</dt>
                          <dd data-testid="reversal-text">{data.reversal.text}</dd>
                        </>
                      )}
                      {data.repost && (
                        <>
                          <dt>Chargeback won</dt>
                          <dd data-testid="repost-text">{data.repost.text}</dd>
                        </>
                      )}
                      <dt>Facility</dt>
                      <dd>{event.facility}</dd>
                      <dt>Transaction time</dt>
                      <dd>{formatWhen(event.transactionAt)}</dd>
                      <dt>Attempts</dt>
                      <dd data-testid="attempt-count">{attemptSummary(data.attempts)}</dd>
                      {open && (
                        <>
                          <dt>Next attempt</dt>
                          <dd>{formatWhen(posting.nextAttemptAt)}</dd>
                          <dt>Window expires</dt>
                          <dd>
                            {formatWhen(posting.windowExpiresAt)}
                            {posting.windowExpiresAt !== null &&
                              ` (${formatRelative(posting.windowExpiresAt)})`}
                          </dd>
                        </>
                      )}
                      <dt>EHR reference</dt>
                      <dd className="mono">{posting.ehrReference ?? '—'}</dd>
                      <dt>Assignee</dt>
                      <dd>{posting.assignee ?? 'Nobody'}</dd>
                    </dl>
                  </section>
                  <section className="panel" aria-labelledby="lineage-title">
                    <h2 id="lineage-title">Lineage</h2>
                    <Lineage detail={data} history={history.data ?? []} />
                  </section>
                  <section className="panel" aria-labelledby="timeline-title">
                    <h2 id="timeline-title">Timeline</h2>
                    <Timeline detail={data} history={history.data ?? []} />
                  </section>
                </div>
                <div>
                  <Actions key={posting.id} posting={posting} connected={connected} />
                  <Notes postingId={posting.id} notes={data.notes} connected={connected} />
                </div>
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
