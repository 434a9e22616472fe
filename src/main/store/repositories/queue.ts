/**
 * The exception queue's reads: filter, search by business keys, sort and keyset paging, counts and totals.
 * Every sort has a total order (its key, then the posting id) so a keyset cursor never skips or repeats a row,
 * however many items arrive while the operator scrolls.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type {
  CurrencyTotal,
  QueueCount,
  QueueFilter,
  QueuePage,
  QueueQuery,
  QueueSort,
} from '../../../shared/commands/console';
import { EXCEPTION_STATUSES, type ExceptionItem } from '../../../shared/domain';

export type QueueFilterArgs = z.output<typeof QueueFilter>;
export type QueueQueryArgs = z.output<typeof QueueQuery>;

/** A cursor the caller made up (or an old one from another sort): reported, never half-applied. */
export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is not valid for this sort; start again from the first page.');
    this.name = 'InvalidCursorError';
  }
}

const EXCEPTION_COLUMNS = `p.id AS postingId, p.status, p.ehr, p.channel, e.kind, e.tender, e.amount_minor AS amountMinor,
  e.currency, e.facility, e.guarantor_account AS guarantorAccount, e.encounter_id AS encounterId,
  e.processor_txn_id AS processorTxnId, p.reason_code AS reasonCode, p.reason, p.next_step AS nextStep,
  p.attempts, p.next_attempt_at AS nextAttemptAt, p.window_expires_at AS windowExpiresAt, p.assignee, p.held,
  e.transaction_at AS transactionAt, p.updated_at AS updatedAt`;

const FROM = 'FROM postings p JOIN payment_events e ON e.id = p.event_id';
/** Counts stop here (see `count`). */
export const COUNT_CAP = 10_000;
/** Items without a window sort after every item with one. */
const NO_EXPIRY = Number.MAX_SAFE_INTEGER;
/** The highest code point: `key >= prefix AND key < prefix || MAX` is a prefix match an index can serve. */
const MAX_CHAR = '\u{10FFFF}';

interface SortSpec {
  /** SQL of the sort key, or null when the posting id alone orders the rows. */
  readonly key: string | null;
  readonly direction: 'ASC' | 'DESC';
}

const SORTS: Record<QueueSort, SortSpec> = {
  newest: { key: null, direction: 'DESC' },
  oldest: { key: null, direction: 'ASC' },
  amount_desc: { key: 'e.amount_minor', direction: 'DESC' },
  amount_asc: { key: 'e.amount_minor', direction: 'ASC' },
  expiry: { key: `coalesce(p.window_expires_at, ${String(NO_EXPIRY)})`, direction: 'ASC' },
};

type Param = string | number;

/** The WHERE clause of a filter; statuses default to every exception status. */
export function filterSql(filter: QueueFilterArgs): { where: string[]; params: Param[] } {
  const statuses = filter.statuses?.length ? filter.statuses : EXCEPTION_STATUSES;
  const where = [`p.status IN (${statuses.map(() => '?').join(', ')})`];
  const params: Param[] = [...statuses];
  const equal = (column: string, value: Param | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  equal('p.ehr', filter.ehr);
  equal('p.channel', filter.channel);
  equal('e.tender', filter.tender);
  equal('e.amount_minor', filter.amountMinor);
  if (filter.held !== undefined) equal('p.held', filter.held ? 1 : 0);
  if (filter.assignee === null) where.push('p.assignee IS NULL');
  else equal('p.assignee', filter.assignee);
  if (filter.from !== undefined) {
    where.push('e.transaction_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('e.transaction_at < ?');
    params.push(filter.to);
  }
  if (filter.search) {
    const low = filter.search;
    const high = `${low}${MAX_CHAR}`;
    where.push(
      `((e.guarantor_account >= ? AND e.guarantor_account < ?) OR (e.encounter_id >= ? AND e.encounter_id < ?)
        OR (e.processor_txn_id >= ? AND e.processor_txn_id < ?))`,
    );
    params.push(low, high, low, high, low, high);
  }
  return { where, params };
}

function parseCursor(cursor: string, spec: SortSpec): { key: number | null; id: number } {
  const parts = cursor.split(':');
  const numbers = parts.map((part) => (/^-?\d{1,16}$/.test(part) ? Number(part) : NaN));
  if (numbers.some((n) => !Number.isSafeInteger(n))) throw new InvalidCursorError();
  if (spec.key === null && numbers.length === 1) return { key: null, id: numbers[0] ?? 0 };
  if (spec.key !== null && numbers.length === 2) return { key: numbers[0] ?? 0, id: numbers[1] ?? 0 };
  throw new InvalidCursorError();
}

function cursorOf(row: ExceptionItem, sort: QueueSort): string {
  switch (sort) {
    case 'newest':
    case 'oldest':
      return String(row.postingId);
    case 'amount_desc':
    case 'amount_asc':
      return `${String(row.amountMinor)}:${String(row.postingId)}`;
    case 'expiry':
      return `${String(row.windowExpiresAt ?? NO_EXPIRY)}:${String(row.postingId)}`;
  }
}

type Row = Omit<ExceptionItem, 'held'> & { held: number };
const toItem = (row: Row): ExceptionItem => ({ ...row, held: row.held === 1 });

export function queueRepository(db: Database) {
  return {
    list(query: QueueQueryArgs): QueuePage {
      const spec = SORTS[query.sort];
      const { where, params } = filterSql(query);
      const op = spec.direction === 'DESC' ? '<' : '>';
      if (query.after === undefined && spec.key === null) {
        // Always true, but it steers SQLite to walk the primary key in order and stop after one page, as it
        // does for later pages, instead of gathering every exception through the status index and sorting
        // them (600 ms against 1 ms for the first page at 1,000,000 postings; see bench/queue-1m.bench.ts).
        where.push(`p.id ${op} ?`);
        params.push(spec.direction === 'DESC' ? Number.MAX_SAFE_INTEGER : 0);
      }
      if (query.after !== undefined) {
        const cursor = parseCursor(query.after, spec);
        if (spec.key === null) {
          where.push(`p.id ${op} ?`);
          params.push(cursor.id);
        } else {
          where.push(`(${spec.key}, p.id) ${op} (?, ?)`);
          params.push(cursor.key ?? 0, cursor.id);
        }
      }
      const order = spec.key
        ? `${spec.key} ${spec.direction}, p.id ${spec.direction}`
        : `p.id ${spec.direction}`;
      const rows = db
        .prepare<Param[], Row>(
          `SELECT ${EXCEPTION_COLUMNS} ${FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`,
        )
        .all(...params, query.limit + 1)
        .map(toItem);
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page.at(-1);
      return { rows: page, next: more && last ? cursorOf(last, query.sort) : null };
    },

    /**
     * Count and total of what a filter selects, up to COUNT_CAP items: past that the header says "more than",
     * because an exact count of hundreds of thousands would hold the main process for half a second on every
     * change, and no operator works such a set without narrowing it.
     */
    count(filter: QueueFilterArgs): QueueCount {
      const { where, params } = filterSql(filter);
      const totals = db
        .prepare<Param[], CurrencyTotal>(
          `SELECT currency, sum(amountMinor) AS amountMinor, count(*) AS count FROM (
             SELECT e.currency AS currency, e.amount_minor AS amountMinor ${FROM}
             WHERE ${where.join(' AND ')} LIMIT ?)
           GROUP BY currency ORDER BY currency`,
        )
        .all(...params, COUNT_CAP + 1);
      const count = totals.reduce((n, t) => n + t.count, 0);
      return count > COUNT_CAP
        ? { count: COUNT_CAP, capped: true, totals: [] }
        : { count, capped: false, totals };
    },

    /** The rows a filter selects, oldest first, up to `limit` (the caller asks one more to detect excess). */
    select(filter: QueueFilterArgs, limit: number): ExceptionItem[] {
      const { where, params } = filterSql(filter);
      return db
        .prepare<Param[], Row>(
          `SELECT ${EXCEPTION_COLUMNS} ${FROM} WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT ?`,
        )
        .all(...params, limit)
        .map(toItem);
    },

    /** Current queue rows of the given postings (whatever their status now), in the order given. */
    byIds(ids: readonly number[]): Map<number, ExceptionItem> {
      const found = new Map<number, ExceptionItem>();
      const statement = db.prepare<[number], Row>(`SELECT ${EXCEPTION_COLUMNS} ${FROM} WHERE p.id = ?`);
      for (const postingId of ids) {
        const row = statement.get(postingId);
        if (row) found.set(postingId, toItem(row));
      }
      return found;
    },
  };
}
export type QueueRepository = ReturnType<typeof queueRepository>;
