import type { Database } from 'better-sqlite3';
import type { Attempt } from '../../../shared/domain';

const ATTEMPT_COLUMNS = `id, posting_id AS postingId, number, kind, started_at AS startedAt, finished_at AS finishedAt, request,
  http_status AS httpStatus, outcome, error_code AS errorCode, response, duration_ms AS durationMs`;

export function attemptsRepository(db: Database) {
  const forPosting = db.prepare<[number], Attempt>(
    `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE posting_id = ? ORDER BY number`,
  );
  const open = db.prepare<[], Attempt>(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE finished_at IS NULL`);
  return {
    forPosting: (postingId: number): Attempt[] => forPosting.all(postingId),
    /** Attempts started and never finished: after a crash, these postings need verification. */
    open: (): Attempt[] => open.all(),
  };
}
export type AttemptsRepository = ReturnType<typeof attemptsRepository>;
