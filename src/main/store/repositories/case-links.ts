import type { Database, Statement } from 'better-sqlite3';

/**
 * What chargebacks and eCheck returns share: a row that came before its payment remembers its quarantine
 * entry, and links up once the payment is here. "The payment" is the insert's own rule: the processor's
 * request id of a payment (never of its refund or void). The look for waiting rows reads the partial index of
 * rows with no payment (migration 0029), so it costs little after every intake write.
 */
export function caseLinkStatements<Row>(
  db: Database,
  table: 'chargebacks' | 'echeck_returns',
  columns: string,
) {
  const payment = `SELECT e.id FROM payment_events e WHERE e.processor_txn_id = ${table}.request_id
      AND e.kind IN ('one_time_payment', 'payment_plan')`;
  const setQuarantine = db.prepare<[number, number]>(`UPDATE ${table} SET quarantine_id = ? WHERE id = ?`);
  const linkArrived = db.prepare<[], Row>(
    `UPDATE ${table} SET event_id = (${payment} LIMIT 1)
     WHERE event_id IS NULL AND EXISTS (${payment})
     RETURNING ${columns}`,
  );
  const anyArrived = db.prepare<[], { n: number }>(
    `SELECT 1 AS n FROM ${table} WHERE event_id IS NULL AND EXISTS (${payment}) LIMIT 1`,
  );
  return {
    setQuarantine(id: number, quarantineId: number): void {
      setQuarantine.run(quarantineId, id);
    },
    /** Whether a row waiting for its payment can link up now. */
    anyArrived: (): boolean => anyArrived.get() !== undefined,
    /** Links every waiting row whose payment is here; returns them. Call inside a transaction. */
    linkArrived: (): Row[] => linkArrived.all(),
  };
}

/** Stores each row (a repeat of a stored one adds nothing) and returns those that were new. Inside a transaction. */
export function newRowsAdder<Row>(
  insert: Statement<[Record<string, unknown>], { id: number }>,
  byId: Statement<[number], Row>,
) {
  return (rows: readonly object[], fileId: number | null, now: number): Row[] => {
    const added: Row[] = [];
    for (const row of rows) {
      const inserted = insert.get({ ...row, fileId, now });
      const stored = inserted ? byId.get(inserted.id) : undefined;
      if (stored) added.push(stored);
    }
    return added;
  };
}
