import type { Database } from 'better-sqlite3';
import type { AuditEvent } from '../../../shared/domain';
import { sha256 } from '../../lib/sha256';
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
  /** The id of the last entry walked (0 for an empty log). */
  readonly lastId: number;
}

/** A chain head recorded outside the database: the entry with this id must still carry this hash. */
export interface ChainAnchor {
  readonly id: number;
  readonly hash: string;
}

type AuditContent = Pick<AuditRow, 'at' | 'actor' | 'action' | 'subjectType' | 'subjectId' | 'details'>;

/** The hash of an entry covers its content and the previous entry's hash (never its own id). */
export function auditHash(prevHash: string, entry: AuditContent): string {
  // Stored details are put back in canonical form first, so a row hashes by its content however it was written.
  return chainHash(prevHash, { ...entry, details: canonicalJson(JSON.parse(entry.details) as unknown) });
}

/**
 * The hash over `canonicalJson` of the entry, spelled out: the keys in sorted order, `details` (already
 * canonical JSON) spliced in as it is rather than parsed and sorted again. The engine appends two entries
 * per payment, and this is most of what an append costs in JavaScript.
 */
function chainHash(prevHash: string, entry: AuditContent): string {
  const json = JSON.stringify;
  const content =
    `{"action":${json(entry.action)},"actor":${json(entry.actor)},"at":${json(entry.at)},` +
    `"details":${entry.details},"subjectId":${json(entry.subjectId)},"subjectType":${json(entry.subjectType)}}`;
  return sha256(`${prevHash}\n${content}`);
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
  const headEntry = db.prepare<[], { id: number; hash: string }>(
    'SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1',
  );
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE id = ?');
  // Not indexed: read by `audit verify`, which walks the whole log anyway.
  const withAction = db.prepare<[string], AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE action = ? ORDER BY id`,
  );
  const lastWithAction = db.prepare<{ action: string }, AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE action = @action ORDER BY id DESC LIMIT 1`,
  );

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
        chainHash(prevHash, entry),
      );
    },
    forSubject: (subjectType: string, subjectId: string): AuditEvent[] =>
      forSubject.all(subjectType, subjectId).map(toEvent),
    withAction: (action: string): AuditEvent[] => withAction.all(action).map(toEvent),
    /** The latest entry with this action and its hash, or null (a scan: read only on a rare mismatch). */
    lastWithAction(action: string): (AuditEvent & { readonly hash: string }) | null {
      const row = lastWithAction.get({ action });
      return row ? { ...toEvent(row), hash: row.hash } : null;
    },
    /** The last entry, or null for an empty log. */
    headEntry: (): ChainAnchor | null => headEntry.get() ?? null,
    /** The stored hash of one entry, or null when no entry has that id. */
    hashAt: (id: number): string | null => hashAt.get(id)?.hash ?? null,
    /**
     * Walks the chain from the first entry and reports the first link that does not hold. With an anchor
     * (the head copied outside the database), a chain rewritten from scratch or cut short is caught too:
     * neither breaks a link inside the database.
     */
    verify(anchor?: ChainAnchor | null): ChainCheck {
      let prev = GENESIS_HASH;
      let checked = 0;
      let lastId = 0;
      const broken = (id: number, reason: string): ChainCheck => ({
        ok: false,
        checked,
        brokenAt: { id, reason },
        head: prev,
        lastId,
      });
      for (const row of all.iterate()) {
        if (row.prevHash !== prev) return broken(row.id, 'does not follow the previous entry');
        if (auditHash(prev, row) !== row.hash) return broken(row.id, 'content does not match its hash');
        if (anchor && row.id === anchor.id && row.hash !== anchor.hash) {
          return broken(
            row.id,
            'differs from the chain head copied outside the database: the log was rewritten from here back',
          );
        }
        if (anchor && lastId < anchor.id && row.id > anchor.id) {
          return broken(anchor.id, 'is missing, yet the chain head copied outside the database names it');
        }
        prev = row.hash;
        lastId = row.id;
        checked += 1;
      }
      if (anchor && lastId < anchor.id) {
        return broken(
          anchor.id,
          `is missing: the log ends at entry ${String(lastId)}, but the chain head copied outside the ` +
            `database shows it reached entry ${String(anchor.id)} (entries were cut off the end)`,
        );
      }
      return { ok: true, checked, brokenAt: null, head: prev, lastId };
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
