import type { Database, Statement } from 'better-sqlite3';
import type {
  QuarantineEntry,
  QuarantineListRow,
  QuarantineQuery,
} from '../../../shared/commands/quarantine';
import type { EventSource, QuarantinedInput } from '../../../shared/domain';

export interface NewQuarantinedInput {
  readonly source: EventSource;
  readonly sourceRef?: string | null;
  readonly reasonCode: string;
  readonly reason: string;
  /** Must already be redacted by the caller: masked card numbers, no CVV. */
  readonly redactedInput: string;
}

export interface Resolution {
  readonly actor: string;
  readonly note: string | null;
  /** The operator's corrections, already guarded for card data. */
  readonly corrections?: Record<string, unknown> | null;
}

/** How much of the input the list shows; `quarantine.get` shows all of it. */
export const PREVIEW_CHARS = 400;

const QUARANTINE_COLUMNS = `id, source, source_ref AS sourceRef, reason_code AS reasonCode, reason,
  redacted_input AS redactedInput, state, received_at AS receivedAt`;

const ENTRY_COLUMNS = `id, source, source_ref AS sourceRef, reason_code AS reasonCode, reason, state,
  received_at AS receivedAt, resolved_at AS resolvedAt, resolved_by AS resolvedBy,
  released_event_id AS releasedEventId, resolution_note AS resolutionNote, release_attempts AS releaseAttempts,
  updated_at AS updatedAt`;

type EntryRow = Omit<QuarantineEntry, 'corrections'> & { corrections: string | null };
type ListRow = Omit<QuarantineListRow, 'inputTruncated'> & { inputLength: number };

export function quarantineRepository(db: Database) {
  const insert = db.prepare<unknown[], QuarantinedInput>(
    `INSERT INTO quarantined_inputs (source, source_ref, reason_code, reason, redacted_input, received_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING ${QUARANTINE_COLUMNS}`,
  );
  // Open or discarded: input that never became a payment (a released input is in the payment rows).
  const notPosted = db.prepare<[number, number], QuarantinedInput>(
    `SELECT ${QUARANTINE_COLUMNS} FROM quarantined_inputs
     WHERE state IN ('open', 'discarded') AND received_at >= ? AND received_at < ?
     ORDER BY received_at, id`,
  );
  // Webhooks (and other non-file inputs) held since a time: backfill looks in them for a report's rows.
  const webhookInputs = db.prepare<{ since: number }, { input: string }>(
    "SELECT redacted_input AS input FROM quarantined_inputs WHERE source <> 'file' AND received_at >= @since",
  );
  const openCount = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM quarantined_inputs WHERE state = 'open'",
  );
  const byId = db.prepare<[number], EntryRow>(
    `SELECT ${ENTRY_COLUMNS}, redacted_input AS redactedInput, corrections FROM quarantined_inputs WHERE id = ?`,
  );
  const requarantine = db.prepare<[string, string, number, number]>(
    `UPDATE quarantined_inputs SET reason_code = ?, reason = ?, updated_at = ? WHERE id = ? AND state = 'open'`,
  );
  const refused = db.prepare<[string | null, number, number]>(
    `UPDATE quarantined_inputs SET corrections = ?, release_attempts = release_attempts + 1, updated_at = ?
     WHERE id = ? AND state = 'open'`,
  );
  const release = db.prepare<[number, string | null, string | null, number, string, number, number]>(
    `UPDATE quarantined_inputs SET state = 'released', released_event_id = ?, corrections = ?,
       resolution_note = ?, resolved_at = ?, resolved_by = ?, updated_at = ?
     WHERE id = ? AND state = 'open'`,
  );
  const discard = db.prepare<[string, number, string, number, number]>(
    `UPDATE quarantined_inputs SET state = 'discarded', resolution_note = ?, resolved_at = ?, resolved_by = ?,
       updated_at = ?
     WHERE id = ? AND state = 'open'`,
  );
  const fileOf = db.prepare<[number], { source: string }>(
    `SELECT f.source FROM intake_dedupe_keys k
       JOIN imported_files f ON k.dedupe_key LIKE 'file:' || f.sha256 || ':%'
     WHERE k.quarantine_id = ? LIMIT 1`,
  );

  // Filters combine freely; one prepared statement per shape of query, built on first use.
  const listStatements = new Map<string, Statement<unknown[], ListRow>>();
  const listStatement = (where: readonly string[]) => {
    const sql = `SELECT ${ENTRY_COLUMNS}, substr(redacted_input, 1, ${String(PREVIEW_CHARS)}) AS inputPreview,
        length(redacted_input) AS inputLength
      FROM quarantined_inputs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT ?`;
    let statement = listStatements.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[], ListRow>(sql);
      listStatements.set(sql, statement);
    }
    return statement;
  };

  const toEntry = (row: EntryRow): QuarantineEntry => ({
    ...row,
    corrections: row.corrections === null ? null : (JSON.parse(row.corrections) as Record<string, unknown>),
  });
  const changed = (result: { changes: number }, id: number) => {
    // Callers check the state first inside the same transaction: a miss here is a bug, not a race.
    if (result.changes !== 1) throw new Error(`quarantine entry ${String(id)} is not open`);
  };

  return {
    add(input: NewQuarantinedInput, now: number): QuarantinedInput {
      const row = insert.get(
        input.source,
        input.sourceRef ?? null,
        input.reasonCode,
        input.reason,
        input.redactedInput,
        now,
      );
      if (!row) throw new Error('quarantine insert returned no row');
      return row;
    },
    openCount: (): number => openCount.get()?.n ?? 0,
    /** The redacted inputs, one at a time (a week of held webhooks is not read into memory at once). */
    *webhookInputsSince(since: number): Generator<string> {
      for (const row of webhookInputs.iterate({ since })) yield row.input;
    },
    /** Input received in [from, to) that did not become a payment (open or discarded), oldest first. */
    notPostedBetween: (from: number, to: number): QuarantinedInput[] => notPosted.all(from, to),

    get(id: number): QuarantineEntry | undefined {
      const row = byId.get(id);
      return row ? toEntry(row) : undefined;
    },

    /** Newest first, keyset on id; `next` is the last id of a full page. */
    list(query: QuarantineQuery): { rows: QuarantineListRow[]; next: number | null } {
      const where: string[] = [];
      const params: unknown[] = [];
      const oneOf = (column: string, values: readonly string[] | undefined) => {
        if (!values || values.length === 0) return;
        where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
        params.push(...values);
      };
      oneOf('state', query.states);
      oneOf('reason_code', query.reasonCodes);
      oneOf('source', query.sources);
      if (query.sourceRef !== undefined && query.sourceRef !== '') {
        // A prefix of where it came from ("statement.csv", "webhook:"); LIKE wildcards are taken literally.
        where.push("source_ref LIKE ? ESCAPE '\\'");
        params.push(`${query.sourceRef.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      if (query.after !== undefined) {
        where.push('id < ?');
        params.push(query.after);
      }
      const rows = listStatement(where).all(...params, query.limit + 1);
      const page = rows.slice(0, query.limit).map(({ inputLength, ...row }) => ({
        ...row,
        inputTruncated: inputLength > PREVIEW_CHARS,
      }));
      const last = page.at(-1);
      return { rows: page, next: rows.length > query.limit && last ? last.id : null };
    },

    /** A release was refused: the entry takes the new reason and stays open. */
    requarantine(id: number, rejection: { reasonCode: string; reason: string }, now: number): void {
      changed(requarantine.run(rejection.reasonCode, rejection.reason, now, id), id);
    },

    /** Counts a refused release and keeps the corrections tried, so the operator starts from them. */
    recordRefusedRelease(id: number, corrections: Record<string, unknown> | null, now: number): void {
      changed(refused.run(corrections === null ? null : JSON.stringify(corrections), now, id), id);
    },

    markReleased(id: number, eventId: number, resolution: Resolution, now: number): void {
      const corrections = resolution.corrections ? JSON.stringify(resolution.corrections) : null;
      changed(release.run(eventId, corrections, resolution.note, now, resolution.actor, now, id), id);
    },

    markDiscarded(id: number, actor: string, reason: string, now: number): void {
      changed(discard.run(reason, now, actor, now, id), id);
    },

    /** The import source (report format) of the file a quarantined row came from, when known. */
    importSourceOf: (id: number): string | null => fileOf.get(id)?.source ?? null,
  };
}
export type QuarantineRepository = ReturnType<typeof quarantineRepository>;
