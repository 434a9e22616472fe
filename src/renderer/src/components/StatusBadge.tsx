import type { PostingStatus } from '../../../shared/domain';
import { statusMeaning, statusName } from '../../../shared/words';

export function StatusBadge({ status }: { status: PostingStatus }) {
  return (
    <span className={`badge badge-${status}`} title={statusMeaning(status)}>
      {statusName(status)}
    </span>
  );
}
