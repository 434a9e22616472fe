/**
 * The exception queue's query plans: every sort the console offers, crossed with its main filters, on the
 * first page and on a keyset page, must walk an index already in the sort's order and stop after a page.
 * A plan that gathers the rows and sorts them (`USE TEMP B-TREE FOR ORDER BY`) or scans postings costs
 * hundreds of milliseconds per page at a million postings (bench/queue.bench.ts); here it fails at any size.
 *
 * The database is fresh and never ANALYZEd, as installations are: with no statistics SQLite plans by its
 * built-in guesses, so these plans are the ones an installation gets, whatever its size.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/store/open';
import { createRepositories } from '../../../src/main/store/repositories';
import { dashboardRepository } from '../../../src/main/store/repositories/dashboard';
import { queueRepository } from '../../../src/main/store/repositories/queue';
import {
  QueueQuery,
  QUEUE_SORTS,
  type QueueQueryInput,
  type QueueSort,
} from '../../../src/shared/commands/console';
import type { PostingStatus } from '../../../src/shared/domain';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

interface Ran {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The database, with every statement the queue runs recorded so its plan can be asked for. */
function recorded(db: Database): { db: Database; ran: Ran[] } {
  const ran: Ran[] = [];
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          return {
            all: (...params: unknown[]) => {
              ran.push({ sql, params });
              return statement.all(...params);
            },
            get: (...params: unknown[]) => {
              ran.push({ sql, params });
              return statement.get(...params);
            },
            // The dashboard folds new postings into its rollup tables as it reads (migration 0013).
            run: (...params: unknown[]) => statement.run(...params),
          };
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, ran };
}

function planOf(db: Database, { sql, params }: Ran): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (row) => row.detail,
  );
}

/** The indexes that hold each sort's order (the id sorts may also walk the table itself, by id). */
const ORDERED_BY: Record<QueueSort, RegExp> = {
  newest: /USING (INTEGER PRIMARY KEY|(COVERING )?INDEX (postings_queue_id|postings_status_id))\b/,
  oldest: /USING (INTEGER PRIMARY KEY|(COVERING )?INDEX (postings_queue_id|postings_status_id))\b/,
  amount_desc: /USING (COVERING )?INDEX postings_queue(_status)?_amount\b/,
  amount_asc: /USING (COVERING )?INDEX postings_queue(_status)?_amount\b/,
  expiry: /USING (COVERING )?INDEX postings_queue(_status)?_expiry\b/,
};

const FILTERS: Record<string, Omit<QueueQueryInput, 'sort' | 'limit' | 'after'>> = {
  'every exception': {},
  'one status': { statuses: ['failure'] },
  'a rare status': { statuses: ['declined'] },
  'two statuses': { statuses: ['failure', 'retry'] },
  'one EHR': { ehr: 'epic' },
  'status and EHR': { statuses: ['failure'], ehr: 'epic' },
  'held, unassigned': { held: false, assignee: null },
  'tender and channel': { tender: 'card', channel: 'api' },
};

function seeded() {
  const store = openStore(join(tempDir(), 'clearpost.sqlite'));
  const repos = createRepositories(store.db);
  const statuses: PostingStatus[] = ['failure', 'retry', 'declined', 'success', 'not_applicable'];
  for (let i = 0; i < 30; i += 1) {
    // Equal amounts on purpose: the keyset page then starts inside a run of equal keys.
    seedPosting(repos, statuses[i % statuses.length] ?? 'failure', {
      amountMinor: 2_500,
      ehr: i % 2 === 0 ? 'epic' : 'oracle_health',
    });
  }
  return store.db;
}

/** The statements behind the first page and the next one (which is read by keyset cursor). */
function twoPages(db: Database, sort: QueueSort, filter: Omit<QueueQueryInput, 'sort'>): Ran[] {
  const { db: spy, ran } = recorded(db);
  const queue = queueRepository(spy);
  const first = queue.list(QueueQuery.parse({ ...filter, sort, limit: 1 }));
  expect(first.next, 'the seed has more than one row for every filter').not.toBeNull();
  queue.list(QueueQuery.parse({ ...filter, sort, limit: 1, after: first.next ?? undefined }));
  return ran;
}

describe('exception queue query plans', () => {
  for (const sort of QUEUE_SORTS) {
    for (const [name, filter] of Object.entries(FILTERS)) {
      it(`${sort} × ${name}: walks an index in sort order, never sorts`, () => {
        const db = seeded();
        const ran = twoPages(db, sort, filter);
        expect(ran.length).toBeGreaterThanOrEqual(2);
        for (const statement of ran) {
          const plan = planOf(db, statement);
          const where = `${plan.join(' | ')}\n${statement.sql}`;
          expect(
            plan.some((step) => step.includes('TEMP B-TREE')),
            where,
          ).toBe(false);
          // Postings first, through the sort's index (a SCAN of it is its walk in order, up to the LIMIT);
          // then each row's payment event by primary key.
          expect(plan[0], where).toMatch(/^(SEARCH|SCAN) p USING /);
          expect(plan[0], where).toMatch(ORDERED_BY[sort]);
          expect(plan.slice(1), where).toEqual(['SEARCH e USING INTEGER PRIMARY KEY (rowid=?)']);
        }
      });
    }
  }

  it('finds search matches through the business-key indexes, not by walking the queue', () => {
    const db = seeded();
    for (const sort of QUEUE_SORTS) {
      const { db: spy, ran } = recorded(db);
      queueRepository(spy).list(QueueQuery.parse({ sort, search: 'G1' }));
      const plan = planOf(db, ran[0] ?? { sql: '', params: [] }).join(' | ');
      // A prefix selects few enough rows to sort; walking a million postings for them would not do.
      expect(plan, sort).toMatch(/INDEX payment_events_guarantor/);
      expect(plan, sort).toMatch(/INDEX payment_events_encounter/);
      expect(plan, sort).not.toMatch(/SCAN (p|e)\b/);
    }
  });

  it('reads an exact amount through an amount index already in the sort order', () => {
    const db = seeded();
    for (const sort of QUEUE_SORTS) {
      for (const statuses of [undefined, ['failure' as const]]) {
        const { db: spy, ran } = recorded(db);
        const page = queueRepository(spy).list(QueueQuery.parse({ sort, amountMinor: 2_500, statuses }));
        expect(page.rows.length).toBeGreaterThan(0);
        const plan = planOf(db, ran[0] ?? { sql: '', params: [] });
        expect(plan[0], sort).toMatch(/INDEX postings_queue(_status)?_amount(_expiry)? \(.*amount_minor=\?/);
        expect(plan.join(' | '), sort).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it('finds a date range through the transaction-time index', () => {
    const db = seeded();
    for (const sort of QUEUE_SORTS) {
      const { db: spy, ran } = recorded(db);
      queueRepository(spy).list(QueueQuery.parse({ sort, from: 0, to: Date.now() }));
      const plan = planOf(db, ran[0] ?? { sql: '', params: [] });
      expect(plan[0], sort).toMatch(/^SEARCH e USING INDEX payment_events_transaction_at/);
      expect(plan[1], sort).toMatch(/^SEARCH p USING INDEX sqlite_autoindex_postings/);
    }
  });

  it('fails loudly, not slowly, when a queue index is missing', () => {
    const db = seeded();
    db.exec('DROP INDEX postings_queue_amount');
    expect(() => queueRepository(db).list(QueueQuery.parse({ sort: 'amount_desc' }))).toThrow(
      /no such index: postings_queue_amount/,
    );
  });

  it("reads the dashboard's oldest Retry item from the expiry index, not by sorting every Retry", () => {
    const db = seeded();
    const { db: spy, ran } = recorded(db);
    const summary = dashboardRepository(spy).summary([Date.now()]);
    expect(summary.oldestRetry?.postingId).toBeDefined();
    const statement = ran.find((r) => r.sql.includes("p.status = 'retry'"));
    const plan = planOf(db, statement ?? { sql: '', params: [] });
    expect(plan[0]).toMatch(/^SEARCH p USING (COVERING )?INDEX postings_queue_status_expiry \(status=\?\)/);
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });

  it('still answers a resolved status asked for by name, through the status index', () => {
    const db = seeded();
    const { db: spy, ran } = recorded(db);
    const page = queueRepository(spy).list(QueueQuery.parse({ statuses: ['success'], sort: 'amount_desc' }));
    expect(page.rows.length).toBe(6);
    expect(page.rows.every((row) => row.status === 'success')).toBe(true);
    expect(planOf(db, ran[0] ?? { sql: '', params: [] })[0]).toMatch(/INDEX postings_status_id/);
    // Several resolved statuses: each one's range of the same index (it leaves out only pending and in flight).
    const two = recorded(db);
    queueRepository(two.db).list(
      QueueQuery.parse({ statuses: ['success', 'manually_posted'], sort: 'newest' }),
    );
    expect(planOf(db, two.ran[0] ?? { sql: '', params: [] }).join(' | ')).toMatch(
      /MULTI-INDEX OR \| INDEX 1 \| SEARCH p USING INDEX postings_status_id \(status=\?\) \| INDEX 2 \| SEARCH p USING INDEX postings_status_id \(status=\?\)/,
    );
  });
});
