/** Local operator accounts (serve mode): user name, role and a scrypt password hash, never a password. */
import type { Database } from 'better-sqlite3';
import type { AccountInfo, Role } from '../../../shared/commands/access';

interface AccountRow {
  username: string;
  role: Role;
  passwordHash: string;
  disabled: number;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `username, role, password_hash AS passwordHash, disabled, created_at AS createdAt,
  updated_at AS updatedAt`;

export function accountsRepository(db: Database) {
  const byName = db.prepare<[string], AccountRow>(
    `SELECT ${COLUMNS} FROM operator_accounts WHERE username = ?`,
  );
  const all = db.prepare<[], AccountRow>(`SELECT ${COLUMNS} FROM operator_accounts ORDER BY username`);
  const count = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM operator_accounts WHERE disabled = 0',
  );
  const insert = db.prepare(
    `INSERT INTO operator_accounts (username, role, password_hash, disabled, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE operator_accounts SET role = ?, disabled = ?, password_hash = coalesce(?, password_hash),
     updated_at = ? WHERE username = ?`,
  );
  const info = (row: AccountRow): AccountInfo => ({
    username: row.username,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  return {
    /** With the hash, for sign-in only. */
    find: (username: string): (AccountInfo & { passwordHash: string }) | null => {
      const row = byName.get(username);
      return row ? { ...info(row), passwordHash: row.passwordHash } : null;
    },
    list: (): AccountInfo[] => all.all().map(info),
    activeCount: (): number => count.get()?.n ?? 0,
    create(username: string, role: Role, passwordHash: string, disabled: boolean, now: number): void {
      insert.run(username, role, passwordHash, disabled ? 1 : 0, now, now);
    },
    update(username: string, role: Role, passwordHash: string | null, disabled: boolean, now: number): void {
      update.run(role, disabled ? 1 : 0, passwordHash, now, username);
    },
  };
}
export type AccountsRepository = ReturnType<typeof accountsRepository>;
