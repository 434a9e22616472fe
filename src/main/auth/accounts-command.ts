/**
 * `clearpost accounts create --username NAME --role supervisor [--data-dir DIR]`: creates a serve-mode
 * account, or restores an existing one (role set, enabled, new password). It is how a console with no
 * active supervisor is recovered: the console's link cannot do it (console-access.ts), but whoever can run
 * Clearpost on its data folder already holds everything the console guards.
 *
 * The password never goes on the command line (every local user sees it in `ps`): it comes from
 * $CLEARPOST_ACCOUNT_PASSWORD or, failing that, the first line of standard input.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ROLES, username as usernameSchema, type Role } from '../../shared/commands/access';
import type { CliIo } from '../lib/cli-io';
import { dataLayout, defaultDataDir } from '../paths';
import { openStore } from '../store/open';
import { accountsRepository } from '../store/repositories/accounts';
import { auditRepository } from '../store/repositories/audit';
import { sessionsRepository } from '../store/repositories/sessions';
import { hashPassword } from './passwords';

export const ACCOUNT_PASSWORD_ENV = 'CLEARPOST_ACCOUNT_PASSWORD';
const USAGE = `Usage: clearpost accounts create --username NAME --role viewer|operator|supervisor [--data-dir DIR]
  The password comes from $${ACCOUNT_PASSWORD_ENV} or the first line of standard input (at least 12 characters).`;

export async function accountsCommand(
  argv: readonly string[],
  io: CliIo,
  input: {
    readonly env: NodeJS.ProcessEnv;
    readonly readStdin: () => Promise<string>;
    readonly now: () => number;
  },
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    io.stderr(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: [...rest],
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const name = usernameSchema.safeParse(values.username ?? '');
  if (!name.success) {
    io.stderr(`clearpost accounts: ${name.error.issues[0]?.message ?? 'give --username'}\n${USAGE}`);
    return 2;
  }
  const role = ROLES.find((r) => r === values.role);
  if (!role) {
    io.stderr(`clearpost accounts: --role is viewer, operator or supervisor\n${USAGE}`);
    return 2;
  }
  const password = (
    input.env[ACCOUNT_PASSWORD_ENV] ??
    (await input.readStdin()).split(/\r?\n/)[0] ??
    ''
  ).trim();
  if (password.length < 12 || password.length > 200) {
    io.stderr(
      `clearpost accounts: give the password (12 to 200 characters) in $${ACCOUNT_PASSWORD_ENV} or on standard input`,
    );
    return 2;
  }
  const hash = await hashPassword(password);
  const layout = dataLayout(values['data-dir'] ?? defaultDataDir());
  const store = openStore(layout.database);
  try {
    const restored = saveAccount(store.db, name.data, role, hash, input.now());
    io.stdout(
      `clearpost accounts: ${restored ? 'restored' : 'created'} ${name.data} as ${role}; sign in with it in the console.`,
    );
    return 0;
  } finally {
    store.db.close();
  }
}

/** True when the account existed (restored: enabled, role and password replaced, its sessions ended). */
function saveAccount(
  db: Parameters<typeof accountsRepository>[0],
  name: string,
  role: Role,
  hash: string,
  now: number,
): boolean {
  const accounts = accountsRepository(db);
  const audit = auditRepository(db);
  const sessions = sessionsRepository(db);
  return db
    .transaction(() => {
      const existing = accounts.find(name);
      if (existing) accounts.update(existing.username, role, hash, false, now);
      else accounts.create(name, role, hash, false, now);
      sessions.deleteFor(existing?.username ?? name);
      audit.append(
        {
          actor: userInfo().username,
          action: existing ? 'account.updated' : 'account.created',
          subjectType: 'account',
          subjectId: existing?.username ?? name,
          details: { role, disabled: false, passwordChanged: true, via: 'cli' },
        },
        now,
      );
      return existing !== null;
    })
    .immediate();
}
