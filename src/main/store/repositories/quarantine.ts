import type { Database } from 'better-sqlite3';
import type { EventSource, QuarantinedInput } from '../../../shared/domain';

export interface NewQuarantinedInput {
  readonly source: EventSource;
  readonly sourceRef?: string | null;
  readonly reasonCode: string;
  readonly reason: string;
  /** Must already be redacted by the caller: masked card numbers, no CVV. */
  readonly redactedInput: string;
}

const QUARANTINE_COLUMNS = `id, source, source_ref AS sourceRef, reason_code AS reasonCode, reason,
  redacted_input AS redactedInput, state, received_at AS receivedAt`;

export function quarantineRepository(db: Database) {
  const insert = db.prepare<unknown[], QuarantinedInput>(
    `INSERT INTO quarantined_inputs (source, source_ref, reason_code, reason, redacted_input, received_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING ${QUARANTINE_COLUMNS}`,
  );
  const openCount = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM quarantined_inputs WHERE state = 'open'",
  );
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
  };
}
export type QuarantineRepository = ReturnType<typeof quarantineRepository>;
