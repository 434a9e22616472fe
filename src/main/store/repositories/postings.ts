import type { Database } from 'better-sqlite3';
import type { ExceptionsQuery, Page, StatusCount } from '../../../shared/contract';
import {
  EXCEPTION_STATUSES,
  type Channel,
  type EhrSystem,
  type ExceptionItem,
  type Posting,
  type PostingStatus,
} from '../../../shared/domain';
import type { z } from 'zod';

export interface NewPosting {
  readonly eventId: number;
  readonly ehr: EhrSystem;
  readonly connectionId: string;
  readonly channel: Channel;
  readonly status: PostingStatus;
  readonly nextAttemptAt?: number | null;
  readonly windowExpiresAt?: number | null;
  readonly reasonCode?: string | null;
  readonly reason?: string | null;
  readonly nextStep?: string | null;
}

const POSTING_COLUMNS = `id, event_id AS eventId, ehr, connection_id AS connectionId, channel, status, attempts,
  next_attempt_at AS nextAttemptAt, window_expires_at AS windowExpiresAt, ehr_reference AS ehrReference,
  reason_code AS reasonCode, reason, next_step AS nextStep, held, verify_first AS verifyFirst, assignee,
  created_at AS createdAt,
  updated_at AS updatedAt, resolved_at AS resolvedAt`;

const EXCEPTION_COLUMNS = `p.id AS postingId, p.status, p.ehr, p.channel, e.kind, e.tender, e.amount_minor AS amountMinor,
  e.currency, e.facility, e.guarantor_account AS guarantorAccount, e.encounter_id AS encounterId,
  e.processor_txn_id AS processorTxnId, p.reason_code AS reasonCode, p.reason, p.next_step AS nextStep,
  p.attempts, p.next_attempt_at AS nextAttemptAt, p.window_expires_at AS windowExpiresAt, p.assignee, p.held,
  e.transaction_at AS transactionAt, p.updated_at AS updatedAt`;

/** SQLite has no booleans: flags come back as 0/1 and are turned into booleans here. */
type Row<T> = Omit<T, 'held'> & { held: number };
type PostingRow = Omit<Posting, 'held' | 'verifyFirst'> & { held: number; verifyFirst: number };
const withHeld = <T extends { held: boolean }>(row: Row<T>): T => ({ ...row, held: row.held === 1 }) as T;
const toPosting = (row: PostingRow): Posting => ({
  ...row,
  held: row.held === 1,
  verifyFirst: row.verifyFirst === 1,
});

export function postingsRepository(db: Database) {
  const insert = db.prepare<unknown[], { id: number }>(`
    INSERT INTO postings (event_id, ehr, connection_id, channel, status, next_attempt_at, window_expires_at,
      reason_code, reason, next_step, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING id`);
  const byId = db.prepare<[number], PostingRow>(`SELECT ${POSTING_COLUMNS} FROM postings WHERE id = ?`);
  const byEvent = db.prepare<[number], PostingRow>(
    `SELECT ${POSTING_COLUMNS} FROM postings WHERE event_id = ?`,
  );
  const counts = db.prepare<[], StatusCount>(
    'SELECT ehr, status, count(*) AS count FROM postings GROUP BY ehr, status ORDER BY ehr, status',
  );

  return {
    create(posting: NewPosting, now: number): number {
      const row = insert.get(
        posting.eventId,
        posting.ehr,
        posting.connectionId,
        posting.channel,
        posting.status,
        posting.nextAttemptAt ?? null,
        posting.windowExpiresAt ?? null,
        posting.reasonCode ?? null,
        posting.reason ?? null,
        posting.nextStep ?? null,
        now,
        now,
      );
      if (!row) throw new Error('posting insert returned no id');
      return row.id;
    },
    get(id: number): Posting | undefined {
      const row = byId.get(id);
      return row && toPosting(row);
    },
    forEvent(eventId: number): Posting | undefined {
      const row = byEvent.get(eventId);
      return row && toPosting(row);
    },
    countsByStatus: (): StatusCount[] => counts.all(),

    /** The exception queue, newest first, paged by keyset on the posting id. */
    listExceptions(query: z.output<typeof ExceptionsQuery>): Page<ExceptionItem> {
      const statuses = query.statuses?.length ? query.statuses : EXCEPTION_STATUSES;
      const where = [`p.status IN (${statuses.map(() => '?').join(', ')})`];
      const params: (string | number)[] = [...statuses];
      if (query.ehr) {
        where.push('p.ehr = ?');
        params.push(query.ehr);
      }
      if (query.after !== undefined) {
        where.push('p.id < ?');
        params.push(query.after);
      }
      if (query.search) {
        where.push('(e.guarantor_account = ? OR e.encounter_id = ? OR e.processor_txn_id = ?)');
        params.push(query.search, query.search, query.search);
      }
      const rows = db
        .prepare<unknown[], Row<ExceptionItem>>(
          `SELECT ${EXCEPTION_COLUMNS} FROM postings p JOIN payment_events e ON e.id = p.event_id
           WHERE ${where.join(' AND ')} ORDER BY p.id DESC LIMIT ?`,
        )
        .all(...params, query.limit + 1)
        .map((row) => withHeld<ExceptionItem>(row));
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      return { rows: page, next: more ? (page.at(-1)?.postingId ?? null) : null };
    },
  };
}
export type PostingsRepository = ReturnType<typeof postingsRepository>;
