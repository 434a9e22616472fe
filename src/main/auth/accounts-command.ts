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
import { ROLES, username as usernameSchema } from '../../shared/commands/access';
import type { CliIo } from '../lib/cli-io';
import { dataLayout, defaultDataDir } from '../paths';
import { openStore } from '../store/open';
import { accountsRepository } from '../store/repositories/accounts';
import { auditRepository } from '../store/repositories/audit';
import { sessionsRepository } from '../store/repositories/sessions';
import { AccountChangeRefused, createAccountsService } from './accounts-service';

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
  const layout = dataLayout(values['data-dir'] ?? defaultDataDir());
  const store = openStore(layout.database);
  try {
    const sessions = sessionsRepository(store.db);
    const service = createAccountsService({
      db: store.db,
      accounts: accountsRepository(store.db),
      audit: auditRepository(store.db),
      endSessions: (username) => sessions.deleteFor(username),
      now: input.now,
    });
    // Restoring an account enables it with the role and password given here.
    const { existed } = await service.save(
      { username: name.data, role, password, disabled: false },
      { actor: userInfo().username, via: 'cli' },
    );
    io.stdout(
      `clearpost accounts: ${existed ? 'restored' : 'created'} ${name.data} as ${role}; sign in with it in the console.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof AccountChangeRefused)) throw error;
    io.stderr(`clearpost accounts: ${error.message}`);
    return 1;
  } finally {
    store.db.close();
  }
}
