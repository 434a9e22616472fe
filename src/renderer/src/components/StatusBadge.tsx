import type { PostingStatus } from '../../../shared/domain';
import { STATUS_INFO } from '../../../shared/domain';

export function StatusBadge({ status }: { status: PostingStatus }) {
  return (
    <span className={`badge badge-${status}`} title={STATUS_INFO[status].meaning}>
      {STATUS_INFO[status].label}
    </span>
  );
}
