/** The team's measures, each with its target from Settings › Measures and whether it is met. */
import type { MeasureView } from '../../../../shared/commands/measures';
import { QueryView } from '../../components/QueryView';
import { formatMoney } from '../../format';
import { useQuery } from '../../hooks/use-query';
import { ColumnHeads, num } from '../../components/ColumnHeads';

const HOUR = 3_600_000;

function shown(unit: MeasureView['unit'], value: number | null, currency = 'USD'): string {
  if (value === null) return '—';
  switch (unit) {
    case 'basis_points':
      return `${(value / 100).toFixed(1)} %`;
    case 'ms':
      return value >= 48 * HOUR
        ? `${(value / (24 * HOUR)).toFixed(1)} days`
        : `${(value / HOUR).toFixed(1)} h`;
    case 'minor':
      return formatMoney(value, currency);
    case 'count':
      return value.toLocaleString();
  }
}

export function TeamMeasures() {
  const query = useQuery('dashboard.measures', {}, ['postings', 'payment_events']);
  return (
    <section className="panel" aria-labelledby="measures-title">
      <h2 id="measures-title">Team measures</h2>
      <QueryView query={query}>
        {(data) => (
          <table className="grid compact" aria-label="Team measures" data-testid="team-measures">
            <caption className="muted">Rates and times over the last {data.windowDays} days</caption>
            <ColumnHeads
              columns={['Measure', num('Now'), num('Target'), 'On target', 'What it is made of']}
            />
            <tbody>
              {data.measures.map((m) => (
                <tr key={m.key} data-testid={`measure-${m.key}`}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{shown(m.unit, m.value, m.currency)}</td>
                  <td className="num">
                    {m.direction === 'at_least' ? '≥ ' : '≤ '}
                    {shown(m.unit, m.target, m.currency)}
                  </td>
                  <td>{m.met === null ? 'Nothing to measure yet' : m.met ? 'Yes' : 'No'}</td>
                  <td className="muted">{m.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
