import { EHR_LABEL, EHR_SYSTEMS, POSTING_STATUSES, type PostingStatus } from '../../../shared/domain';
import { QueryView } from '../components/QueryView';
import { StatusBadge } from '../components/StatusBadge';
import { useQuery } from '../hooks/use-query';

export function Dashboard() {
  const summary = useQuery('status.summary', {}, ['postings', 'payment_events', 'quarantined_inputs']);
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <QueryView
        query={summary}
        isEmpty={(data) => data.events === 0 && data.quarantined === 0}
        empty={
          <>
            <strong>No payments yet.</strong> Payment events from the processor appear here as soon as they
            arrive.
          </>
        }
      >
        {(data) => {
          const count = (ehr: string, status: PostingStatus) =>
            data.counts.find((c) => c.ehr === ehr && c.status === status)?.count ?? 0;
          const shown = POSTING_STATUSES.filter((s) => data.counts.some((c) => c.status === s));
          return (
            <>
              <div className="cards">
                <div className="card">
                  <div className="card-value">{data.events}</div>
                  <div className="card-label">payment events</div>
                </div>
                <div className="card">
                  <div className="card-value">{data.quarantined}</div>
                  <div className="card-label">quarantined inputs awaiting review</div>
                </div>
              </div>
              <table className="grid" aria-label="Postings by status and EHR">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    {EHR_SYSTEMS.map((ehr) => (
                      <th scope="col" key={ehr} className="num">
                        {EHR_LABEL[ehr]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((status) => (
                    <tr key={status}>
                      <td>
                        <StatusBadge status={status} />
                      </td>
                      {EHR_SYSTEMS.map((ehr) => (
                        <td key={ehr} className="num">
                          {count(ehr, status)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
