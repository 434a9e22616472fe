import type { Database } from 'better-sqlite3';

/** Every facility's month, as opposed to one facility's. */
export const ALL_FACILITIES = '*';

export type CloseState = 'prepared' | 'approved' | 'reopened';

export interface ClosePeriod {
  readonly id: number;
  /** A facility, or `*` for all of them. */
  readonly scope: string;
  /** `YYYY-MM`. */
  readonly month: string;
  readonly timeZone: string;
  readonly startAt: number;
  readonly endAt: number;
  readonly state: CloseState;
  readonly preparedBy: string;
  readonly preparedAt: number;
  /** The balance the preparer saw, as JSON. */
  readonly balance: string;
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
  readonly packageDir: string | null;
  readonly manifestSha256: string | null;
  /** 1 at the first close; one more at each reopening. */
  readonly revision: number;
}

/** A reopening of a closed period: asked with a reason by one supervisor, approved by another. */
export interface CloseReopening {
  readonly id: number;
  readonly periodId: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly approvedBy: string | null;
  readonly approvedAt: number | null;
  /** The package of the close it undid, and the package that superseded it once closed again. */
  readonly packageDir: string | null;
  readonly manifestSha256: string | null;
  readonly supersededByDir: string | null;
  readonly supersededBySha256: string | null;
  readonly supersededAt: number | null;
}

export interface NewClosePeriod {
  readonly scope: string;
  readonly month: string;
  readonly timeZone: string;
  readonly startAt: number;
  readonly endAt: number;
  readonly preparedBy: string;
  readonly balance: string;
}

/** A file the store knows that belongs to a period: an import (by its content hash) or a generated report. */
export interface PeriodFile {
  readonly kind: 'import' | 'export';
  readonly id: number;
  readonly fileName: string;
  readonly source: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Where a generated report was written; imports keep no copy of the file. */
  readonly path: string | null;
  /** An import's state (complete, failed, importing); null for a generated report. */
  readonly state: string | null;
}

export interface LateEvent {
  readonly eventId: number;
  readonly processorTxnId: string;
  readonly facility: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly transactionAt: number;
  readonly periodId: number;
  readonly month: string;
  readonly scope: string;
}

const COLUMNS = `id, scope, month, time_zone AS timeZone, start_at AS startAt, end_at AS endAt, state,
  prepared_by AS preparedBy, prepared_at AS preparedAt, balance, approved_by AS approvedBy,
  approved_at AS approvedAt, package_dir AS packageDir, manifest_sha256 AS manifestSha256, revision`;

const REOPEN_COLUMNS = `id, period_id AS periodId, reason, requested_by AS requestedBy, requested_at AS requestedAt,
  approved_by AS approvedBy, approved_at AS approvedAt, package_dir AS packageDir,
  manifest_sha256 AS manifestSha256, superseded_by_dir AS supersededByDir,
  superseded_by_sha256 AS supersededBySha256, superseded_at AS supersededAt`;

const LATE_COLUMNS = `l.event_id AS eventId, e.processor_txn_id AS processorTxnId, e.facility,
  e.amount_minor AS amountMinor, e.currency, e.transaction_at AS transactionAt, l.period_id AS periodId,
  c.month, c.scope`;

/** Month-end close: periods prepared and approved, and the late events held because their period is closed. */
export function periodCloseRepository(db: Database) {
  const byKey = db.prepare<[string, string], ClosePeriod>(
    `SELECT ${COLUMNS} FROM close_periods WHERE scope = ? AND month = ?`,
  );
  const byId = db.prepare<[number], ClosePeriod>(`SELECT ${COLUMNS} FROM close_periods WHERE id = ?`);
  const list = db.prepare<[], ClosePeriod>(`SELECT ${COLUMNS} FROM close_periods ORDER BY month DESC, scope`);
  const upsertPrepared = db.prepare<unknown[], { id: number }>(
    `INSERT INTO close_periods (scope, month, time_zone, start_at, end_at, state, prepared_by, prepared_at, balance)
     VALUES (@scope, @month, @timeZone, @startAt, @endAt, 'prepared', @preparedBy, @now, @balance)
     ON CONFLICT (scope, month) DO UPDATE SET time_zone = excluded.time_zone, start_at = excluded.start_at,
       end_at = excluded.end_at, prepared_by = excluded.prepared_by, prepared_at = excluded.prepared_at,
       balance = excluded.balance, state = 'prepared'
     WHERE close_periods.state IN ('prepared', 'reopened')
     RETURNING id`,
  );
  const approve = db.prepare(
    `UPDATE close_periods SET state = 'approved', approved_by = ?, approved_at = ?
     WHERE id = ? AND state = 'prepared' AND prepared_by <> ?`,
  );
  const packaged = db.prepare('UPDATE close_periods SET package_dir = ?, manifest_sha256 = ? WHERE id = ?');
  // The narrowest closed period wins only for the message; any closed one holds the event. Read at every
  // admission: `+?` keeps SQLite from compiling it again at each run (see DUE in posting-work.ts).
  const covering = db.prepare<[string, number, number], ClosePeriod>(
    `SELECT ${COLUMNS} FROM close_periods
     WHERE state = 'approved' AND (scope = '*' OR scope = +?) AND start_at <= +? AND end_at > +?
     ORDER BY scope = '*', id LIMIT 1`,
  );
  const flag = db.prepare(
    'INSERT INTO late_events (event_id, period_id, flagged_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
  );
  const holdPosting = db.prepare(
    `UPDATE postings SET held = 1, updated_at = @now,
       reason_code = CASE WHEN status = 'pending' THEN 'period_closed' ELSE reason_code END,
       reason = CASE WHEN status = 'pending' THEN @reason ELSE reason END,
       next_step = CASE WHEN status = 'pending' THEN @nextStep ELSE next_step END
     WHERE event_id = @eventId`,
  );
  const lateBetween = db.prepare<[number, number], LateEvent>(
    `SELECT ${LATE_COLUMNS} FROM late_events l JOIN payment_events e ON e.id = l.event_id
       JOIN close_periods c ON c.id = l.period_id
     WHERE e.transaction_at >= ? AND e.transaction_at < ? AND l.released_at IS NULL
     ORDER BY e.transaction_at, l.event_id`,
  );
  const lateOf = db.prepare<[number], LateEvent>(
    `SELECT ${LATE_COLUMNS} FROM late_events l JOIN payment_events e ON e.id = l.event_id
       JOIN close_periods c ON c.id = l.period_id
     WHERE l.period_id = ? AND l.released_at IS NULL ORDER BY e.transaction_at, l.event_id`,
  );
  const heldLate = db.prepare<[number], { n: number }>(
    `SELECT 1 AS n FROM postings p JOIN late_events l ON l.event_id = p.event_id
     WHERE p.id = ? AND l.released_at IS NULL`,
  );
  const release = db.prepare<[number, string, number], { periodId: number; month: string }>(
    `UPDATE late_events SET released_at = ?, released_by = ? WHERE event_id = ? AND released_at IS NULL
     RETURNING period_id AS periodId, (SELECT month FROM close_periods c WHERE c.id = period_id) AS month`,
  );
  const askReopen = db.prepare<[string, string, number, number], { id: number }>(
    `INSERT INTO close_reopenings (period_id, reason, requested_by, requested_at, package_dir, manifest_sha256)
     SELECT id, ?, ?, ?, package_dir, manifest_sha256 FROM close_periods WHERE id = ? AND state = 'approved'
     ON CONFLICT (period_id) WHERE approved_at IS NULL DO NOTHING
     RETURNING id`,
  );
  const openReopening = db.prepare<[number], CloseReopening>(
    `SELECT ${REOPEN_COLUMNS} FROM close_reopenings WHERE period_id = ? AND approved_at IS NULL`,
  );
  const reopenings = db.prepare<[number], CloseReopening>(
    `SELECT ${REOPEN_COLUMNS} FROM close_reopenings WHERE period_id = ? ORDER BY id`,
  );
  // Maker-checker in the statement: the one who asked never approves.
  const approveReopening = db.prepare(
    `UPDATE close_reopenings SET approved_by = @approver, approved_at = @now
     WHERE id = @id AND approved_at IS NULL AND requested_by <> @approver`,
  );
  const reopen = db.prepare(
    `UPDATE close_periods SET state = 'reopened', approved_by = NULL, approved_at = NULL, package_dir = NULL,
       manifest_sha256 = NULL, revision = revision + 1
     WHERE id = ? AND state = 'approved'`,
  );
  const supersede = db.prepare<[string, string, number, number], CloseReopening>(
    `UPDATE close_reopenings SET superseded_by_dir = ?, superseded_by_sha256 = ?, superseded_at = ?
     WHERE period_id = ? AND approved_at IS NOT NULL AND superseded_at IS NULL AND package_dir IS NOT NULL
     RETURNING ${REOPEN_COLUMNS}`,
  );
  // Imports of the period: started inside it, or holding deposits, funding, chargebacks or eCheck returns
  // dated in it (a month's last statement usually arrives on the next month's first day).
  const imports = db.prepare<
    [number, number, string, string, string, string, string, string, string, string],
    PeriodFile
  >(
    `SELECT 'import' AS kind, id, file_name AS fileName, source, sha256, size_bytes AS sizeBytes, NULL AS path, state
     FROM imported_files f
     WHERE ((f.started_at >= ? AND f.started_at < ?)
       OR EXISTS (SELECT 1 FROM bank_deposits d WHERE d.file_id = f.id AND d.booking_date BETWEEN ? AND ?)
       OR EXISTS (SELECT 1 FROM funding_items i WHERE i.file_id = f.id AND i.funding_date BETWEEN ? AND ?)
       OR EXISTS (SELECT 1 FROM chargebacks c WHERE c.file_id = f.id AND c.chargeback_date BETWEEN ? AND ?)
       OR EXISTS (SELECT 1 FROM echeck_returns r WHERE r.file_id = f.id AND r.return_date BETWEEN ? AND ?))
     ORDER BY f.id`,
  );
  const exports = db.prepare<[{ from: string; to: string; scope: string }], PeriodFile>(
    `SELECT 'export' AS kind, id, file_name AS fileName, kind || ':' || facility AS source, sha256,
       size_bytes AS sizeBytes, path, NULL AS state
     FROM report_files WHERE business_date BETWEEN @from AND @to AND (@scope = '*' OR facility = @scope)
     ORDER BY id`,
  );

  return {
    get: (scope: string, month: string): ClosePeriod | undefined => byKey.get(scope, month),
    byId: (id: number): ClosePeriod | undefined => byId.get(id),
    list: (): ClosePeriod[] => list.all(),
    /** Records (or refreshes, while not yet approved) a prepared period; null when it is already approved. */
    prepare(period: NewClosePeriod, now: number): number | null {
      return upsertPrepared.get({ ...period, now })?.id ?? null;
    },
    /** Approves a prepared period by someone other than its preparer; false when that does not hold. */
    approve: (id: number, approver: string, now: number): boolean =>
      approve.run(approver, now, id, approver).changes === 1,
    recordPackage: (id: number, dir: string, manifestSha256: string): void => {
      packaged.run(dir, manifestSha256, id);
    },
    /** The approved period a transaction of this facility at this time falls in, if any. */
    closedPeriodCovering: (facility: string, at: number): ClosePeriod | undefined =>
      covering.get(facility, at, at),
    /** Flags a late event and holds its posting. Call inside the admission's transaction. */
    holdLate(
      eventId: number,
      periodId: number,
      text: { reason: string; nextStep: string },
      now: number,
    ): void {
      flag.run(eventId, periodId, now);
      holdPosting.run({ eventId, now, ...text });
    },
    lateBetween: (startMs: number, endMs: number): LateEvent[] => lateBetween.all(startMs, endMs),
    lateOf: (periodId: number): LateEvent[] => lateOf.all(periodId),
    /** Whether the posting's payment is a late event of a closed period, still held. */
    holdsLateEvent: (postingId: number): boolean => heldLate.get(postingId) !== undefined,
    /** Marks a held late event released (it then counts from `now`); null when it was not one still held. */
    releaseLate: (eventId: number, actor: string, now: number): { periodId: number; month: string } | null =>
      release.get(now, actor, eventId) ?? null,
    /** Asks to reopen an approved period; null when it is not approved or a request is already open. */
    requestReopen: (periodId: number, reason: string, actor: string, now: number): number | null =>
      askReopen.get(reason, actor, now, periodId)?.id ?? null,
    openReopening: (periodId: number): CloseReopening | undefined => openReopening.get(periodId),
    reopenings: (periodId: number): CloseReopening[] => reopenings.all(periodId),
    /**
     * Approves the open request by someone other than who asked and reopens the period (its package stays with
     * the request, to be superseded); false when either does not hold. Call inside a transaction.
     */
    approveReopen(reopeningId: number, periodId: number, approver: string, now: number): boolean {
      if (approveReopening.run({ id: reopeningId, approver, now }).changes !== 1) return false;
      return reopen.run(periodId).changes === 1;
    },
    /** Marks the packages of the period's approved reopenings superseded by a new package; returns them. */
    supersedePackages: (
      periodId: number,
      dir: string,
      manifestSha256: string,
      now: number,
    ): CloseReopening[] => supersede.all(dir, manifestSha256, now, periodId),
    filesOf(
      period: Pick<ClosePeriod, 'scope' | 'startAt' | 'endAt'>,
      from: string,
      to: string,
    ): PeriodFile[] {
      return [
        ...imports.all(period.startAt, period.endAt, from, to, from, to, from, to, from, to),
        ...exports.all({ from, to, scope: period.scope }),
      ];
    },
  };
}
export type PeriodCloseRepository = ReturnType<typeof periodCloseRepository>;
