import type { KeyboardEvent } from 'react';
import type { DayPoint } from '../../../shared/commands/console';
import { formatDay } from '../format';
import { scaleFor, shortCount } from './chart-scale';
import { ColumnHeads } from './ColumnHeads';

const PLOT = 150;
const TOP = 16;
const LEFT = 40;
const BAR = 14;
const GROUP = BAR * 2 + 16;

/**
 * Postings and failed attempts per day as paired bars, drawn in SVG (no chart library): a y axis with round
 * ticks, each day named under its pair and each bar's count over it. The numbers are also in a table for
 * screen readers, which cannot read a picture. Drawn at its own aspect ratio, so the text is never stretched.
 * Each day is a button (click, or Tab then Enter or Space) that opens that day's queue.
 */
export function DailyChart({
  series,
  onOpenDay,
}: {
  series: readonly DayPoint[];
  /** Opens the queue filtered to the day starting at this local midnight. */
  onOpenDay: (dayStart: number) => void;
}) {
  const { top, ticks } = scaleFor(Math.max(0, ...series.map((p) => Math.max(p.posted, p.failed))));
  const y = (n: number) => TOP + PLOT - (n / top) * PLOT;
  const width = LEFT + series.length * GROUP + 8;
  const bar = (x: number, n: number, className: string, title: string) => (
    <>
      <rect x={x} y={y(n)} width={BAR} height={PLOT + TOP - y(n)} className={className}>
        <title>{title}</title>
      </rect>
      {n > 0 && (
        <text x={x + BAR / 2} y={y(n) - 3} textAnchor="middle" className="chart-value">
          {shortCount(n)}
        </text>
      )}
    </>
  );
  const keyOpen = (dayStart: number) => (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onOpenDay(dayStart);
  };
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${String(width)} ${String(TOP + PLOT + 34)}`}
        width="100%"
        role="group"
        aria-label="Days of the chart: each opens that day’s queue"
      >
        {ticks.map((t) => (
          <g key={t} aria-hidden="true">
            <line
              x1={LEFT}
              x2={width}
              y1={y(t)}
              y2={y(t)}
              className={t === 0 ? 'chart-axis' : 'chart-grid'}
            />
            <text x={LEFT - 6} y={y(t) + 3} textAnchor="end" className="chart-label">
              {shortCount(t)}
            </text>
          </g>
        ))}
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + PLOT} className="chart-axis" aria-hidden="true" />
        {series.map((p, i) => {
          const x = LEFT + 8 + i * GROUP;
          const day = formatDay(p.dayStart);
          return (
            <g key={p.dayStart}>
              <g aria-hidden="true">
                {bar(x, p.posted, 'bar-posted', `${day}: ${String(p.posted)} posted`)}
                {bar(x + BAR + 2, p.failed, 'bar-failed', `${day}: ${String(p.failed)} failed attempts`)}
                <text x={x + BAR + 1} y={TOP + PLOT + 14} textAnchor="middle" className="chart-label">
                  {day}
                </text>
              </g>
              {/* Over the day's column, holding no text of its own (its name says the counts): it answers the
                  pointer and the keyboard, and shows the focus. */}
              <rect
                x={x - 4}
                y={TOP - 12}
                width={GROUP - 8}
                height={PLOT + 30}
                className="chart-day"
                role="button"
                tabIndex={0}
                aria-label={`${day}: ${String(p.posted)} posted, ${String(p.failed)} failed attempts. Open the queue for ${day}`}
                onClick={() => onOpenDay(p.dayStart)}
                onKeyDown={keyOpen(p.dayStart)}
              />
            </g>
          );
        })}
        <text
          x={LEFT + (width - LEFT) / 2}
          y={TOP + PLOT + 30}
          textAnchor="middle"
          className="chart-label"
          aria-hidden="true"
        >
          Day (this computer’s time zone)
        </text>
      </svg>
      <figcaption>
        <span className="key key-posted" aria-hidden="true" /> Posted{' '}
        <span className="key key-failed" aria-hidden="true" /> Failed attempts · counts per day; choose a day
        to open its queue
      </figcaption>
      <table className="visually-hidden" aria-label="Postings and failures per day">
        <ColumnHeads columns={['Day', 'Posted', 'Failed attempts']} />
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
