import type { DayPoint } from '../../../shared/commands/console';
import { formatDay } from '../format';

const HEIGHT = 140;
const BAR = 10;
const GAP = 4;
const GROUP = BAR * 2 + GAP + 14;

/**
 * Postings and failures per day as paired bars, drawn in SVG (no chart library). The numbers are also in
 * a table for screen readers, which cannot read a picture.
 */
export function DailyChart({ series }: { series: readonly DayPoint[] }) {
  const max = Math.max(1, ...series.map((p) => Math.max(p.posted, p.failed)));
  const scale = (n: number) => (n / max) * (HEIGHT - 20);
  const width = series.length * GROUP + 10;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${String(width)} ${String(HEIGHT + 20)}`}
        width="100%"
        height={HEIGHT + 20}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        <line x1="0" x2={width} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
        {series.map((p, i) => {
          const x = 8 + i * GROUP;
          return (
            <g key={p.dayStart}>
              <rect
                x={x}
                y={HEIGHT - scale(p.posted)}
                width={BAR}
                height={scale(p.posted)}
                className="bar-posted"
              >
                <title>{`${formatDay(p.dayStart)}: ${String(p.posted)} posted`}</title>
              </rect>
              <rect
                x={x + BAR + 2}
                y={HEIGHT - scale(p.failed)}
                width={BAR}
                height={scale(p.failed)}
                className="bar-failed"
              >
                <title>{`${formatDay(p.dayStart)}: ${String(p.failed)} failed attempts`}</title>
              </rect>
              {i % 2 === series.length % 2 && (
                <text x={x + BAR} y={HEIGHT + 14} textAnchor="middle" className="chart-label">
                  {formatDay(p.dayStart)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="key key-posted" aria-hidden="true" /> Posted{' '}
        <span className="key key-failed" aria-hidden="true" /> Failed attempts
      </figcaption>
      <table className="visually-hidden" aria-label="Postings and failures per day">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Posted</th>
            <th scope="col">Failed attempts</th>
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.dayStart}>
              <td>{formatDay(p.dayStart)}</td>
              <td>{p.posted}</td>
              <td>{p.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
