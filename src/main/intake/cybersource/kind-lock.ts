/**
 * The kinds already stored for a processor transaction id. Events are unique on (transaction id, kind), so
 * without this a forged kind would be "new"; intake refuses a second kind for the same id instead. Served by
 * the unique index on (processor_txn_id, kind), whose first column is the id.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { EventKind } from '../../../shared/domain';

const statements = new WeakMap<Database, Statement<[string], { kind: EventKind }>>();

export function storedKinds(db: Database, processorTxnId: string): EventKind[] {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare<[string], { kind: EventKind }>(
      'SELECT DISTINCT kind FROM payment_events WHERE processor_txn_id = ?',
    );
    statements.set(db, stmt);
  }
  return stmt.all(processorTxnId).map((r) => r.kind);
}
