import { useNavigate } from 'react-router';
import type { ChannelStatusCount } from '../../../../shared/commands/console';
import {
  CHANNELS,
  EHR_LABEL,
  EHR_SYSTEMS,
  POSTING_STATUSES,
  type PostingStatus,
} from '../../../../shared/domain';
import { count, statusName } from '../../../../shared/words';
import { StatusBadge } from '../../components/StatusBadge';
import { CHANNEL_LABEL } from '../../format';
import { EMPTY_FILTERS, useUi, type ExceptionFilters } from '../../stores/ui';

function sum(counts: readonly ChannelStatusCount[], pick: (c: ChannelStatusCount) => boolean): number {
  return counts.reduce((n, c) => (pick(c) ? n + c.count : n), 0);
}

/**
 * Postings by status and EHR, then by channel. Every count opens the queue filtered to exactly what it
 * counts (the status and that EHR or channel), closed statuses such as Success included.
 */
export function StatusTable({ counts }: { counts: readonly ChannelStatusCount[] }) {
  const navigate = useNavigate();
  const setFilters = useUi((s) => s.setExceptionFilters);
  const shown = POSTING_STATUSES.filter((s) => counts.some((c) => c.status === s));
  const channels = CHANNELS.filter((ch) => counts.some((c) => c.channel === ch));

  const open = (s: PostingStatus, where: Partial<ExceptionFilters> = {}) => {
    setFilters({ ...EMPTY_FILTERS, ...where, statuses: [s] });
    void navigate('/exceptions');
  };
  const cell = (s: PostingStatus, n: number, what: string, where: Partial<ExceptionFilters>) =>
    n > 0 ? (
      <button
        type="button"
        className="link"
        onClick={() => open(s, where)}
        aria-label={`${count(n, 'item')}: open ${statusName(s)} items for ${what}`}
      >
        {n.toLocaleString('en-US')}
      </button>
    ) : (
      0
    );

  return (
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
              <button type="button" className="link" onClick={() => open(s)}>
                <StatusBadge status={s} />
              </button>
            </td>
            {EHR_SYSTEMS.map((ehr) => (
              <td key={ehr} className="num" data-testid={`count-${s}-${ehr}`}>
                {cell(
                  s,
                  sum(counts, (c) => c.status === s && c.ehr === ehr),
                  EHR_LABEL[ehr],
                  { ehr },
                )}
              </td>
            ))}
            {channels.map((ch) => (
              <td key={ch} className="num">
                {cell(
                  s,
                  sum(counts, (c) => c.status === s && c.channel === ch),
                  CHANNEL_LABEL[ch],
                  {
                    channel: ch,
                  },
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
