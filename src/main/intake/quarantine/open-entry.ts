import type { QuarantineEntry } from '../../../shared/commands/quarantine';
import type { QuarantineRepository } from '../../store/repositories/quarantine';
import { QuarantineActionError } from './action-error';

/**
 * The entry an operator acts on, which must still be open: a released or discarded entry is final (the
 * schema enforces it too), and saying what became of it tells a second operator why their click failed.
 */
export function openEntry(
  quarantine: Pick<QuarantineRepository, 'get'>,
  id: number,
  verb: 'released' | 'discarded',
): QuarantineEntry {
  const entry = quarantine.get(id);
  if (!entry) throw new QuarantineActionError('not_found', `Quarantine entry ${String(id)} does not exist.`);
  if (entry.state === 'open') return entry;
  const by = entry.resolvedBy ? ` by ${entry.resolvedBy}` : '';
  const what =
    entry.state === 'released'
      ? `was already released${by}${entry.releasedEventId !== null ? ` as payment event ${String(entry.releasedEventId)}` : ''}`
      : `was discarded${by}`;
  throw new QuarantineActionError(
    'conflict',
    `Quarantine entry ${String(id)} ${what}; it cannot be ${verb}.`,
  );
}
