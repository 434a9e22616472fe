/**
 * Synthetic payments and their postings written straight into a migrated Clearpost database, for the queue
 * and console benchmarks: a million rows take seconds this way, against minutes through intake. The mix is a
 * hospital's: most postings succeed, a fifth are exceptions of every kind, a quarter of the amounts are the
 * same few copays (so the amount sorts meet long runs of equal keys), one EHR in three is Epic. Nothing in it
 * is real patient or payment data.
 */
import type { Database } from 'better-sqlite3';
import type { PostingStatus } from '../../src/shared/domain';

const HOUR = 3_600_000;
/** A million postings a year (about 2,700 payments a day): a large hospital's volume. */
const SPACING_MS = 31_536;
const COPAYS = [2_500, 5_000, 1_000, 7_500] as const;
const REASONS: Partial<Record<PostingStatus, readonly [string, string, string]>> = {
  failure: ['422', 'Unprocessable Entity: the encounter is closed', 'Manually post payment'],
  retry: ['503', 'The EHR did not answer (service unavailable)', 'Clearpost re-posts inside the window'],
  not_applicable: ['404', 'bo_hp_reltn_id is missing', 'Wait 48 hours, then post manually'],
  needs_verification: ['timeout', 'No answer after sending', 'Check the EHR for this transaction'],
  quarantined: ['unknown_account', 'The guarantor account is not known', 'Correct the account and release'],
  declined: ['declined', 'The processor declined the payment', 'Nothing to post'],
};

/** Out of 100 postings: 80 succeed, 20 are exceptions in this proportion. */
function statusOf(i: number, exceptionsOnly: boolean): PostingStatus {
  // A stride coprime with 100 and 3 spreads statuses evenly over ids and over both EHRs.
  const h = (i * 37) % 100;
  const x = exceptionsOnly ? Math.floor(h / 5) + 80 : h;
  if (x < 80) return 'success';
  if (x < 87) return 'failure';
  if (x < 93) return 'retry';
  if (x < 96) return 'not_applicable';
  if (x < 98) return 'needs_verification';
  if (x < 99) return 'quarantined';
  return 'declined';
}

export interface SeedOptions {
  /** Every posting an exception (the console bench: N items in the queue), else a fifth of them. */
  readonly exceptionsOnly?: boolean;
}

/**
 * Writes `rows` events and postings, ids 1..rows, about 32 s apart ending at `now`. Retry windows and next
 * attempts lie in the future, so a running engine leaves the seeded queue alone while it is measured.
 */
export function seedQueue(db: Database, rows: number, now: number, options: SeedOptions = {}): void {
  const event = db.prepare(
    `INSERT INTO payment_events (id, source, processor_txn_id, kind, tender, amount_minor, currency, ehr, facility,
       guarantor_account, encounter_id, card_brand, card_last4, transaction_at, received_at)
     VALUES (?, 'sandbox', ?, 'one_time_payment', 'card', ?, 'USD', ?, 'MAIN', ?, ?, 'VISA', '1111', ?, ?)`,
  );
  const posting = db.prepare(
    `INSERT INTO postings (id, event_id, ehr, connection_id, channel, status, attempts, next_attempt_at,
       window_expires_at, reason_code, reason, next_step, resolved_at, created_at, updated_at, amount_minor)
     VALUES (?, ?, ?, ?, 'api', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const id = i + 1;
      const ehr = i % 3 === 0 ? 'epic' : 'oracle_health';
      const status = statusOf(i, options.exceptionsOnly ?? false);
      const at = now - (rows - i) * SPACING_MS;
      const amount = i % 4 === 0 ? COPAYS[(i >> 2) % COPAYS.length] : 100 + ((i * 7_919) % 500_000);
      const windowed = status === 'retry' || status === 'not_applicable' || status === 'needs_verification';
      const window = windowed ? now + HOUR + (i % 2_000) * 60_000 : null;
      const reason = REASONS[status];
      event.run(id, `T${String(id)}`, amount, ehr, `G${String(i % 200_000)}`, `E${String(id)}`, at, at);
      posting.run(
        id,
        id,
        ehr,
        ehr === 'epic' ? 'sandbox-epic' : 'sandbox-oracle-health',
        status,
        status === 'retry' && window !== null ? window - HOUR / 2 : null,
        window,
        reason?.[0] ?? null,
        reason?.[1] ?? null,
        reason?.[2] ?? null,
        status === 'success' ? at : null,
        at,
        at,
        amount,
      );
    }
  });
  for (let i = 0; i < rows; i += 50_000) batch(i, Math.min(rows, i + 50_000));
}
