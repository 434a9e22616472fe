import type { Database } from 'better-sqlite3';

/** Idempotency keys of inputs that ended in quarantine, so a repeat finds the existing entry. */
export function intakeKeysRepository(db: Database) {
  const find = db.prepare<[string], { quarantineId: number }>(
    'SELECT quarantine_id AS quarantineId FROM intake_dedupe_keys WHERE dedupe_key = ?',
  );
  const insert = db.prepare(
    'INSERT INTO intake_dedupe_keys (dedupe_key, quarantine_id, created_at) VALUES (?, ?, ?)',
  );
  return {
    find: (key: string): number | null => find.get(key)?.quarantineId ?? null,
    remember(key: string, quarantineId: number, now: number): void {
      insert.run(key, quarantineId, now);
    },
  };
}
export type IntakeKeysRepository = ReturnType<typeof intakeKeysRepository>;
