/**
 * `queue.changes`: an incremental refresh of the console's loaded queue rows. Instead of reading every loaded
 * page again on each change, the console sends the ids it holds and gets back only those written since it
 * last looked (primary-key reads: no index on write times is kept, so the engine's commits pay nothing for
 * this), which of them left its filter, the postings newer than the newest it has seen, and (given the
 * loaded range) older postings that moved into the filter within it.
 */
import type { Database } from 'better-sqlite3';
import { CHANGES_MAX_NEW, type QueueChanges } from '../../../shared/commands/console';
import type { Clock } from '../../clock';
import type { QueueSort } from '../../../shared/commands/console';
import {
  filterSql,
  throughSql,
  type QueueFilterArgs,
  type QueueRepository,
} from '../../store/repositories/queue';

export interface ChangesArgs extends QueueFilterArgs {
  readonly ids: readonly number[];
  readonly since: number;
  readonly newestId?: number | undefined;
  readonly loaded?: { readonly sort: QueueSort; readonly through: number | null } | undefined;
}

const FROM = 'FROM postings p JOIN payment_events e ON e.id = p.event_id';

export function queueChanges(
  db: Database,
  queue: QueueRepository,
  clock: Clock,
  args: ChangesArgs,
): QueueChanges {
  const { ids, since, newestId, loaded: range, ...filter } = args;
  // Read before anything else: a row written while this runs is stamped after asOf and seen next time.
  const asOf = clock.now();
  return db
    .transaction((): QueueChanges => {
      const { where, params } = filterSql(filter);
      const matching = where.length ? `AND ${where.join(' AND ')}` : '';
      const loaded = new Set(ids);
      const list = JSON.stringify([...loaded]);
      const stamps = db
        .prepare<[string], { id: number; updatedAt: number }>(
          `SELECT id, updated_at AS updatedAt FROM postings WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(list);
      const changed = stamps.filter((s) => s.updatedAt >= since).map((s) => s.id);
      const present = new Set(stamps.map((s) => s.id));
      const stillMatching = new Set(
        changed.length === 0
          ? []
          : db
              .prepare<unknown[], { id: number }>(
                `SELECT p.id ${FROM} WHERE p.id IN (SELECT value FROM json_each(?)) ${matching}`,
              )
              .all(JSON.stringify(changed), ...params)
              .map((r) => r.id),
      );
      const newest =
        db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM postings').get()?.id ?? 0;
      // Newer postings, through the primary key from the newest seen: at most one answer's worth.
      const fresh =
        newestId === undefined
          ? []
          : db
              .prepare<unknown[], { id: number }>(
                `SELECT p.id ${FROM} WHERE p.id > ? ${matching} ORDER BY p.id LIMIT ?`,
              )
              .all(newestId, ...params, CHANGES_MAX_NEW + 1)
              .map((r) => r.id)
              .filter((id) => !loaded.has(id));
      // Older postings written since and matching now, within the loaded range, that the console does not hold:
      // they moved into the filter where the operator has already scrolled past. The walk covers the loaded
      // range of the sort's index (about as many rows as are loaded), testing each row's write time.
      const bound =
        range === undefined || newestId === undefined
          ? null
          : range.through === null
            ? { where: '1 = 1', params: [] }
            : throughSql(db, range.sort, range.through);
      const moved =
        bound === null
          ? []
          : db
              .prepare<unknown[], { id: number }>(
                `SELECT p.id ${FROM} WHERE p.updated_at >= ? AND p.id <= ? AND ${bound.where} ${matching}
                   AND p.id NOT IN (SELECT value FROM json_each(?)) ORDER BY p.id LIMIT ?`,
              )
              .all(since, newestId, ...bound.params, ...params, list, CHANGES_MAX_NEW + 1)
              .map((r) => r.id);
      const more = fresh.length > CHANGES_MAX_NEW || moved.length + fresh.length > CHANGES_MAX_NEW;
      const wanted = [
        ...changed.filter((id) => stillMatching.has(id)),
        ...moved,
        ...fresh.slice(0, CHANGES_MAX_NEW),
      ];
      const items = queue.byIds(wanted);
      return {
        asOf,
        newestId: newest,
        rows: wanted.flatMap((id) => items.get(id) ?? []),
        left: [...changed.filter((id) => !stillMatching.has(id)), ...ids.filter((id) => !present.has(id))],
        more,
      };
    })
    .deferred();
}
