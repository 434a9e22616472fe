import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AuditEvent } from '../../../shared/domain';
import { canonicalJson } from '../canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewAuditEvent {
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId?: string | null;
  /** Must carry no secret, no card data and no patient identifier beyond what policy allows. */
  readonly details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  readonly ok: boolean;
  readonly checked: number;
  /** The first entry whose link does not hold, with why. */
  readonly brokenAt: { readonly id: number; readonly reason: string } | null;
  readonly head: string;
}

type AuditContent = Pick<AuditRow, 'at' | 'actor' | 'action' | 'subjectType' | 'subjectId' | 'details'>;

/** The hash of an entry covers its content and the previous entry's hash (never its own id). */
export function auditHash(prevHash: string, entry: AuditContent): string {
  const content = canonicalJson({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: JSON.parse(entry.details) as unknown,
  });
  return createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

const AUDIT_COLUMNS = `id, at, actor, action, subject_type AS subjectType, subject_id AS subjectId, details,
  prev_hash AS prevHash, hash`;

/** The audit trail: append-only (enforced by triggers) and hash-chained row to row. */
export function auditRepository(db: Database) {
  const head = db.prepare<[], { hash: string }>('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_events (at, actor, action, subject_type, subject_id, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const forSubject = db.prepare<[string, string], AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE subject_type = ? AND subject_id = ? ORDER BY id`,
  );
  const all = db.prepare<[], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_events ORDER BY id`);

  const toEvent = (row: AuditRow): AuditEvent => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    details: JSON.parse(row.details) as Record<string, unknown>,
  });

  return {
    /** Appends one entry; call inside the transaction of the change it records. */
    append(event: NewAuditEvent, now: number): void {
      const prevHash = head.get()?.hash ?? GENESIS_HASH;
      const entry = {
        at: now,
        actor: event.actor,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId ?? null,
        details: canonicalJson(event.details ?? {}),
      };
      insert.run(
        entry.at,
        entry.actor,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.details,
        prevHash,
        auditHash(prevHash, entry),
      );
    },
    forSubject: (subjectType: string, subjectId: string): AuditEvent[] =>
      forSubject.all(subjectType, subjectId).map(toEvent),
    /** Walks the chain from the first entry and reports the first link that does not hold. */
    verify(): ChainCheck {
      let prev = GENESIS_HASH;
      let checked = 0;
      for (const row of all.iterate()) {
        if (row.prevHash !== prev) {
          return {
            ok: false,
            checked,
            brokenAt: { id: row.id, reason: 'does not follow the previous entry' },
            head: prev,
          };
        }
        if (auditHash(prev, row) !== row.hash) {
          return {
            ok: false,
            checked,
            brokenAt: { id: row.id, reason: 'content does not match its hash' },
            head: prev,
          };
        }
        prev = row.hash;
        checked += 1;
      }
      return { ok: true, checked, brokenAt: null, head: prev };
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
