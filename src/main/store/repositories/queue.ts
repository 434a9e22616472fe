/**
 * The exception queue's reads: filter, search by business keys, sort and keyset paging, counts and totals.
 * Every sort has a total order (its key, then the posting id) so a keyset cursor never skips or repeats a row,
 * however many items arrive while the operator scrolls.
 *
 * Every sort walks an index already in its order and stops after one page (migration 0009; the plans are
 * pinned by test/integration/store/queue-plan.test.ts and timed at 1,000,000 postings by
 * bench/queue.bench.ts). Business-key search is the exception: its matches come from the account, encounter
 * and transaction indexes, few enough to sort.
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
import { EXCEPTION_STATUSES, type ExceptionItem, type PostingStatus } from '../../../shared/domain';

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

/**
 * The open exception statuses as SQL literals. The queue's partial indexes (migration 0012) carry this very
 * WHERE, and SQLite uses a partial index only when the query repeats its condition term for term (bound
 * parameters do not count), so it is spelled out in every queue query that stays within these statuses.
 * OR-ed equalities rather than an IN list: see the migration for what an IN list costs each status change.
 */
export const OPEN_EXCEPTIONS = `(${EXCEPTION_STATUSES.map((s) => `p.status = '${s}'`).join(' OR ')})`;
const IS_EXCEPTION = new Set<PostingStatus>(EXCEPTION_STATUSES);

interface SortSpec {
  /** SQL of the sort key, or null when the posting id alone orders the rows. */
  readonly key: string | null;
  readonly direction: 'ASC' | 'DESC';
  /** The index in this order over every open exception, and the one within a single status. */
  readonly index: { readonly open: string; readonly status: string };
}

const BY_ID = { open: 'postings_queue_id', status: 'postings_status_id' };
const BY_AMOUNT = { open: 'postings_queue_amount', status: 'postings_queue_status_amount' };
const BY_EXPIRY = { open: 'postings_queue_expiry', status: 'postings_queue_status_expiry' };

const SORTS: Record<QueueSort, SortSpec> = {
  newest: { key: null, direction: 'DESC', index: BY_ID },
  oldest: { key: null, direction: 'ASC', index: BY_ID },
  // The posting's copy of the event amount (migration 0009): an index cannot span both tables.
  amount_desc: { key: 'p.amount_minor', direction: 'DESC', index: BY_AMOUNT },
  amount_asc: { key: 'p.amount_minor', direction: 'ASC', index: BY_AMOUNT },
  expiry: { key: `coalesce(p.window_expires_at, ${String(NO_EXPIRY)})`, direction: 'ASC', index: BY_EXPIRY },
};

type Param = string | number;

/** Which statuses a filter asks for: all open exceptions, one of them, several of them, or others too. */
type StatusScope = 'open' | 'one' | 'some' | 'other';

/** The WHERE clause of a filter; statuses default to every exception status. */
export function filterSql(filter: QueueFilterArgs): { where: string[]; params: Param[]; scope: StatusScope } {
  const statuses = [...new Set(filter.statuses?.length ? filter.statuses : EXCEPTION_STATUSES)];
  const where: string[] = [];
  const params: Param[] = [];
  const equal = (column: string, value: Param | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  const list = (column: string, values: readonly Param[]) => {
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  let scope: StatusScope = 'other';
  if (filter.search || filter.from !== undefined || filter.to !== undefined) {
    // A search or a date range finds its few rows through the event indexes; the unary + keeps SQLite from
    // walking every open exception by status instead and testing each one's event.
    list('+p.status', statuses);
  } else if (statuses.every((s) => IS_EXCEPTION.has(s))) {
    where.push(OPEN_EXCEPTIONS);
    scope = 'open';
    // One status: the (status, key, id) indexes serve it. Several: the all-exceptions index in sort order,
    // skipping the others; the unary + keeps SQLite from fetching each status apart and sorting the union.
    if (statuses.length === 1) {
      equal('p.status', statuses[0]);
      scope = 'one';
    } else if (statuses.length < EXCEPTION_STATUSES.length) {
      list('+p.status', statuses);
      scope = 'some';
    }
  } else {
    // Resolved statuses asked for by name (saved views, the API): the (status, id) index, sorted otherwise.
    // OR-ed equalities, not IN: that index leaves out pending and in-flight postings (migration 0018), and
    // SQLite uses a partial index only where it can prove the query's terms imply its WHERE.
    where.push(`(${statuses.map(() => 'p.status = ?').join(' OR ')})`);
    params.push(...statuses);
  }
  // Two EHRs, so an EHR never narrows enough to be worth leaving the sort's index for (the +); checked per row.
  equal('+p.ehr', filter.ehr);
  equal('p.channel', filter.channel);
  equal('e.tender', filter.tender);
  equal('p.amount_minor', filter.amountMinor);
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
  return { where, params, scope };
}

/**
 * The index a queue page must be read through, named so the plan cannot drift: SQLite, which keeps no
 * statistics here, would otherwise often fetch every open exception by status and sort them (0.3–0.9 s a
 * page at a million postings). Null where SQLite's own choice is the right one: a search or a date range
 * selects few rows through the event indexes, few enough to sort, and resolved statuses have no queue index.
 */
function queueIndex(filter: QueueFilterArgs, scope: StatusScope, spec: SortSpec): string | null {
  if (scope === 'other' || filter.search || filter.from !== undefined || filter.to !== undefined) return null;
  if (filter.amountMinor !== undefined) {
    // An exact amount: its run of the amount index is already in id order, and in amount order trivially.
    if (spec.index === BY_EXPIRY) return 'postings_queue_amount_expiry';
    return scope === 'one' ? BY_AMOUNT.status : BY_AMOUNT.open;
  }
  return scope === 'one' ? spec.index.status : spec.index.open;
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

/**
 * SQL terms for "sorts at or before this row" in a sort: the range a console has loaded from the top when
 * `through` is its last loaded row. Null when that row no longer exists (the caller then reads from the top).
 */
export function throughSql(
  db: Database,
  sort: QueueSort,
  through: number,
): { where: string; params: Param[] } | null {
  const spec = SORTS[sort];
  const op = spec.direction === 'DESC' ? '>' : '<';
  if (spec.key === null) return { where: `p.id ${op}= ?`, params: [through] };
  const row = db
    .prepare<[number], { k: number }>(`SELECT ${spec.key} AS k FROM postings p WHERE p.id = ?`)
    .get(through);
  if (!row) return null;
  return {
    where: `(${spec.key} ${op} ? OR (${spec.key} = ? AND p.id ${op}= ?))`,
    params: [row.k, row.k, through],
  };
}

type Row = Omit<ExceptionItem, 'held'> & { held: number };
const toItem = (row: Row): ExceptionItem => ({ ...row, held: row.held === 1 });

export function queueRepository(db: Database) {
  return {
    list(query: QueueQueryArgs): QueuePage {
      const spec = SORTS[query.sort];
      const { where, params, scope } = filterSql(query);
      const index = queueIndex(query, scope, spec);
      const source = index ? FROM.replace('postings p', `postings p INDEXED BY ${index}`) : FROM;
      const op = spec.direction === 'DESC' ? '<' : '>';
      const want = query.limit + 1;
      const read = (extra: string[], extraParams: Param[], order: string, limit: number) =>
        db
          .prepare<Param[], Row>(
            `SELECT ${EXCEPTION_COLUMNS} ${source} WHERE ${[...where, ...extra].join(' AND ')}
             ORDER BY ${order} LIMIT ?`,
          )
          .all(...params, ...extraParams, limit)
          .map(toItem);
      const byId = `p.id ${spec.direction}`;
      let rows: ExceptionItem[];
      if (query.after === undefined) {
        rows = read([], [], spec.key ? `${spec.key} ${spec.direction}, ${byId}` : byId, want);
      } else if (spec.key === null) {
        rows = read([`p.id ${op} ?`], [parseCursor(query.after, spec).id], byId, want);
      } else {
        // The rest of the cursor's key (a seek on key = ? and id beyond the cursor), then the keys beyond it.
        // One `(key, id) > (?, ?)` would read the same rows, but SQLite seeks only on its key and then walks
        // every row of that key from the start: thousands when many items share a key, as every item
        // without a window does in the expiry sort and every $25.00 copay in the amount sorts.
        const cursor = parseCursor(query.after, spec);
        const key = cursor.key ?? 0;
        rows = read([`${spec.key} = ?`, `p.id ${op} ?`], [key, cursor.id], byId, want);
        if (rows.length < want) {
          const byKey = `${spec.key} ${spec.direction}, ${byId}`;
          rows = rows.concat(read([`${spec.key} ${op} ?`], [key], byKey, want - rows.length));
        }
      }
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
