/**
 * A simulator's durable ledger of accepted postings: its own SQLite file (or ':memory:' in tests), never the
 * Clearpost store. It is the "EHR side" that reconciliation and tests balance against, so it keeps the
 * request body exactly as received and amounts as integer minor units.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { EpochMs, EventKind, IsoDate } from '../../shared/domain';
import { sumMinor } from '../../shared/money';

export interface NewLedgerPosting {
  readonly externalId: string;
  readonly kind: EventKind;
  /** The EHR's own tender code (Oracle: HL7 v2-0570 method; Epic: PaymentMethod). */
  readonly tender: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly target: string;
  readonly day: IsoDate;
  readonly acceptedAt: EpochMs;
  readonly requestBody: string;
}

export interface LedgerPosting extends NewLedgerPosting {
  readonly id: number;
  readonly ehrReference: string;
}

export interface LedgerTotal {
  readonly day: IsoDate;
  readonly kind: EventKind;
  readonly tender: string;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS postings (
  id            INTEGER PRIMARY KEY,
  ehr_reference TEXT    NOT NULL UNIQUE,
  external_id   TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('one_time_payment', 'payment_plan', 'void', 'refund')),
  tender        TEXT    NOT NULL,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  currency      TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  day           TEXT    NOT NULL,
  accepted_at   INTEGER NOT NULL,
  request_body  TEXT    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS postings_external_id ON postings (external_id, id);
`;

const COLUMNS = `id, ehr_reference AS ehrReference, external_id AS externalId, kind, tender, amount_minor AS amountMinor,
  currency, target, day, accepted_at AS acceptedAt, request_body AS requestBody`;

export class SimLedger {
  private readonly db: Database;
  private readonly insertRow;
  private readonly firstByExternalId;
  private readonly all;
  private readonly allByExternalId;
  private readonly totalsQuery;
  private readonly nextId;

  /** `referencePrefix` gives the EHR's reference style, e.g. `FT-PL-` for Oracle Health. */
  constructor(
    path: string,
    private readonly referencePrefix: string,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new BetterSqlite3(path);
    this.db.pragma('journal_mode = WAL');
    // An accepted posting must survive a crash of the simulator, as it would in the EHR.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.insertRow = this.db.prepare<unknown[], LedgerPosting>(`
      INSERT INTO postings (id, ehr_reference, external_id, kind, tender, amount_minor, currency, target, day,
        accepted_at, request_body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`);
    this.firstByExternalId = this.db.prepare<[string], LedgerPosting>(
      `SELECT ${COLUMNS} FROM postings WHERE external_id = ? ORDER BY id LIMIT 1`,
    );
    this.all = this.db.prepare<[], LedgerPosting>(`SELECT ${COLUMNS} FROM postings ORDER BY id`);
    this.allByExternalId = this.db.prepare<[string], LedgerPosting>(
      `SELECT ${COLUMNS} FROM postings WHERE external_id = ? ORDER BY id`,
    );
    this.totalsQuery = this.db.prepare<[], LedgerTotal>(`
      SELECT day, kind, tender, currency, count(*) AS count, sum(amount_minor) AS amountMinor
      FROM postings GROUP BY day, kind, tender, currency ORDER BY day, kind, tender, currency`);
    this.nextId = this.db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) + 1 AS id FROM postings');
  }

  record(posting: NewLedgerPosting): LedgerPosting {
    return this.db.transaction(() => {
      const id = this.nextId.get()?.id ?? 1;
      const row = this.insertRow.get(
        id,
        `${this.referencePrefix}${String(id)}`,
        posting.externalId,
        posting.kind,
        posting.tender,
        posting.amountMinor,
        posting.currency,
        posting.target,
        posting.day,
        posting.acceptedAt,
        posting.requestBody,
      );
      if (!row) throw new Error('ledger insert returned no row');
      return row;
    })();
  }

  findFirst(externalId: string): LedgerPosting | null {
    return this.firstByExternalId.get(externalId) ?? null;
  }

  /** Every posting with this external id (more than one when the EHR accepted a duplicate). */
  findAll(externalId: string): LedgerPosting[] {
    return this.allByExternalId.all(externalId);
  }

  postings(): LedgerPosting[] {
    return this.all.all();
  }

  totals(): LedgerTotal[] {
    return this.totalsQuery.all();
  }

  /** Grand total per currency, so a test or report can balance the ledger against the store. */
  grandTotals(): Record<string, { count: number; amountMinor: number }> {
    const out: Record<string, { count: number; amountMinor: number }> = {};
    for (const total of this.totals()) {
      const entry = (out[total.currency] ??= { count: 0, amountMinor: 0 });
      entry.count += total.count;
      entry.amountMinor = sumMinor([entry.amountMinor, total.amountMinor]);
    }
    return out;
  }

  reset(): void {
    this.db.exec('DELETE FROM postings');
  }

  close(): void {
    this.db.close();
  }
}
