import type { Database } from 'better-sqlite3';

/** Intake settings edited in the console, one JSON value per key; callers validate what they read. */
export function intakeSettingsRepository(db: Database) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM intake_settings WHERE key = ?');
  const put = db.prepare(
    `INSERT INTO intake_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    get(key: string): unknown {
      const row = get.get(key);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    /** The stored JSON text as is: a cheap way to tell whether the value changed since it was last read. */
    raw(key: string): string | undefined {
      return get.get(key)?.value;
    },
    put(key: string, value: unknown, now: number): void {
      put.run(key, JSON.stringify(value), now);
    },
  };
}
export type IntakeSettingsRepository = ReturnType<typeof intakeSettingsRepository>;
