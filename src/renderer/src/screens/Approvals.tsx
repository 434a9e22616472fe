/**
 * Approvals: manual entries and reversals waiting for a second person (oldest first), for approvers to approve
 * or reject with a note, and the latest decisions. The person who entered an item sees it but cannot decide it.
 */
import { Link } from 'react-router';
import { QueryView } from '../components/QueryView';
import { formatMoney, formatWhen } from '../format';
import { useQuery } from '../hooks/use-query';
import { DecideForm } from './approvals/DecideForm';
import { WHY_LABEL } from './approvals/why';
import { ColumnHeads, num } from '../components/ColumnHeads';

export function Approvals() {
  const list = useQuery('approvals.list', {}, ['approvals', 'postings']);
  const me = useQuery('auth.whoami', {}, []);
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
      <QueryView query={list}>
        {(data) => (
          <>
            {!data.canApprove && (
              <p className="muted" role="status">
                Your role may not approve entries (Settings › Approvals names the roles that may).
              </p>
            )}
            <h2>Waiting for a second person</h2>
            {data.pending.length === 0 ? (
              <p className="state state-empty" data-testid="approvals-empty">
                Nothing waits for approval.
              </p>
            ) : (
              <table className="grid" aria-label="Entries awaiting approval">
                <ColumnHeads
                  columns={[
                    'Transaction',
                    'Kind',
                    num('Amount'),
                    'Facility',
                    'Why',
                    'Entered by',
                    'Decision',
                  ]}
                />
                <tbody>
                  {data.pending.map((a) => (
                    <tr key={a.id} data-testid={`approval-${a.processorTxnId}`}>
                      <td>
                        {a.postingId === null ? (
                          a.processorTxnId
                        ) : (
                          <Link to={`/exceptions/${String(a.postingId)}`}>{a.processorTxnId}</Link>
                        )}
                      </td>
                      <td>{a.kind.replace(/_/g, ' ')}</td>
                      <td className="num">{formatMoney(a.amountMinor, a.currency)}</td>
                      <td>{a.facility}</td>
                      <td>{WHY_LABEL[a.why](a.thresholdMinor, a.currency)}</td>
                      <td>
                        {a.requestedBy}, {formatWhen(a.requestedAt)}
                      </td>
                      <td>
                        {data.canApprove && a.requestedBy !== me.data?.actor ? (
                          <DecideForm
                            approvalId={a.id}
                            label={a.processorTxnId}
                            onDecided={() => list.reload()}
                          />
                        ) : (
                          <span className="muted">
                            {a.requestedBy === me.data?.actor ? 'Yours: another person decides' : '—'}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h2>Latest decisions</h2>
            {data.recent.length === 0 ? (
              <p className="muted">No decision yet.</p>
            ) : (
              <table className="grid compact" aria-label="Latest decisions">
                <ColumnHeads columns={['Transaction', num('Amount'), 'Entered by', 'Decision', 'Note']} />
                <tbody>
                  {data.recent.map((a) => (
                    <tr key={a.id}>
                      <td>{a.processorTxnId}</td>
                      <td className="num">{formatMoney(a.amountMinor, a.currency)}</td>
                      <td>{a.requestedBy}</td>
                      <td>
                        {a.state === 'approved' ? 'Approved' : 'Rejected'} by {a.decidedBy ?? '—'},{' '}
                        {formatWhen(a.decidedAt)}
                      </td>
                      <td>{a.note ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
