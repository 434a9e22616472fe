/**
 * Serve-mode accounts as one domain service, used by the console (`accounts.save`) and the command line
 * (`clearpost accounts create`): create, change role, reset the password, disable or enable. Every change
 * is written with its audit entry in one transaction, under the write lock, so two supervisors demoting
 * each other at once cannot both succeed; the account's sessions end with the change.
 */
import type { Database } from 'better-sqlite3';
import type { AccountInfo, Role } from '../../shared/commands/access';
import type { AccountsRepository } from '../store/repositories/accounts';
import type { AuditRepository } from '../store/repositories/audit';
import { lastSupervisorRefusal } from './console-access';
import { hashPassword } from './passwords';

export interface AccountChange {
  readonly username: string;
  readonly role: Role;
  /** Required to create an account; given for an existing one, it resets the password. */
  readonly password?: string | undefined;
  readonly disabled: boolean;
}

export type AccountRefusal =
  | { readonly code: 'password_required'; readonly message: string }
  | { readonly code: 'last_supervisor'; readonly message: string };

export class AccountChangeRefused extends Error {
  constructor(readonly refusal: AccountRefusal) {
    super(refusal.message);
    this.name = 'AccountChangeRefused';
  }
}

export interface AccountsService {
  list(): AccountInfo[];
  /** Creates or changes the account; throws AccountChangeRefused. `existed` says which it was. */
  save(
    change: AccountChange,
    by: { readonly actor: string; readonly via: 'console' | 'cli' },
  ): Promise<{ readonly account: AccountInfo; readonly existed: boolean }>;
}

export function createAccountsService(deps: {
  readonly db: Database;
  readonly accounts: AccountsRepository;
  readonly audit: AuditRepository;
  /** Ends the account's sessions (their rows, and any open event streams). */
  readonly endSessions: (username: string) => void;
  readonly now: () => number;
}): AccountsService {
  const { db, accounts, audit } = deps;
  return {
    list: () => accounts.list(),
    async save(change, by) {
      const before = accounts.find(change.username);
      if (!before && change.password === undefined) {
        throw new AccountChangeRefused({
          code: 'password_required',
          message: `A password is required to create the account ${change.username}`,
        });
      }
      // Hashing is slow (scrypt): done before the write lock is taken.
      const hash = change.password === undefined ? null : await hashPassword(change.password);
      const now = deps.now();
      const existed = db
        .transaction(() => {
          const existing = accounts.find(change.username);
          if (existing) {
            const refusal = lastSupervisorRefusal(accounts.list(), {
              username: existing.username,
              role: change.role,
              disabled: change.disabled,
            });
            if (refusal) throw new AccountChangeRefused({ code: 'last_supervisor', message: refusal });
            accounts.update(existing.username, change.role, hash, change.disabled, now);
          } else {
            accounts.create(change.username, change.role, hash ?? '', change.disabled, now);
          }
          audit.append(
            {
              actor: by.actor,
              action: existing ? 'account.updated' : 'account.created',
              subjectType: 'account',
              subjectId: existing?.username ?? change.username,
              details: {
                role: change.role,
                disabled: change.disabled,
                passwordChanged: change.password !== undefined,
                ...(by.via === 'cli' ? { via: 'cli' } : {}),
              },
            },
            now,
          );
          return existing !== null;
        })
        .immediate();
      // A changed role, password or a disabled account takes effect now, not at the next sign-in.
      if (existed) deps.endSessions(change.username);
      const saved = accounts.find(change.username);
      if (!saved) throw new Error(`The account ${change.username} was not saved`);
      const { passwordHash: _hash, ...account } = saved;
      return { account, existed };
    },
  };
}
