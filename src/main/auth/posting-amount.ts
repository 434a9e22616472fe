import type { Database } from 'better-sqlite3';

/** The payment amount behind a posting, for the manual-posting limit. */
export function postingAmountLookup(db: Database): (postingId: number) => number | null {
  const query = db.prepare<[number], { amount: number }>(
    'SELECT e.amount_minor AS amount FROM postings p JOIN payment_events e ON e.id = p.event_id WHERE p.id = ?',
  );
  return (postingId) => query.get(postingId)?.amount ?? null;
}
