import type { Database } from 'better-sqlite3';
import type { EpochMs } from '../../../shared/domain';

/** What a finished run printed, kept on its row. */
export interface BackfillRunTotals {
  readonly reportRows: number;
  readonly alreadyHad: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly replayRequested: boolean;
}

/**
 * Backfill's own tables: one row per run (the schedule skips a day with a finished run), and every report
 * row handed to intake, so a row intake quarantined is not handed over again by the next run.
 */
export function backfillRepository(db: Database) {
  const start = db.prepare<{ date: string; trigger: string; at: number }, { id: number }>(
    'INSERT INTO backfill_runs (report_date, trigger, started_at) VALUES (@date, @trigger, @at) RETURNING id',
  );
  const fail = db.prepare<{ id: number; message: string }>(
    'UPDATE backfill_runs SET error = @message WHERE id = @id',
  );
  const finish = db.prepare<{
    id: number;
    at: number;
    reportRows: number;
    alreadyHad: number;
    imported: number;
    quarantined: number;
    replayRequested: number;
  }>(
    `UPDATE backfill_runs SET finished_at = @at, report_rows = @reportRows, already_had = @alreadyHad,
       imported = @imported, quarantined = @quarantined, replay_requested = @replayRequested
     WHERE id = @id`,
  );
  const finishedOn = db.prepare<{ date: string }, { n: number }>(
    'SELECT count(*) AS n FROM backfill_runs WHERE report_date = @date AND finished_at IS NOT NULL',
  );
  const remember = db.prepare<{ org: string; requestId: string; date: string; at: number }>(
    `INSERT OR IGNORE INTO backfill_rows (organization_id, request_id, report_date, submitted_at)
     VALUES (@org, @requestId, @date, @at)`,
  );
  const handed = db.prepare<{ org: string; requestId: string }, { one: number }>(
    'SELECT 1 AS one FROM backfill_rows WHERE organization_id = @org AND request_id = @requestId',
  );

  return {
    startRun(date: string, trigger: 'schedule' | 'command', at: EpochMs): number {
      const row = start.get({ date, trigger, at });
      if (!row) throw new Error('backfill run insert returned no id');
      return row.id;
    },
    failRun: (id: number, message: string): void => void fail.run({ id, message }),
    finishRun(id: number, at: EpochMs, totals: BackfillRunTotals): void {
      finish.run({ id, at, ...totals, replayRequested: totals.replayRequested ? 1 : 0 });
    },
    /** A run for this report day finished (whatever it found). */
    finishedOn: (date: string): boolean => (finishedOn.get({ date })?.n ?? 0) > 0,
    /** Remembers report rows handed to intake, all or none. */
    rememberHanded(org: string, requestIds: readonly string[], date: string, at: EpochMs): void {
      db.transaction(() => {
        for (const requestId of requestIds) remember.run({ org, requestId, date, at });
      }).immediate();
    },
    wasHanded: (org: string, requestId: string): boolean => handed.get({ org, requestId }) !== undefined,
  };
}
export type BackfillRepository = ReturnType<typeof backfillRepository>;
