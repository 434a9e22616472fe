/**
 * The accounts service the console and `clearpost accounts` share, on a real SQLite file: what it refuses
 * leaves the accounts and the audit trail as they were; what it changes ends the account's sessions.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountChangeRefused, createAccountsService } from '../../../src/main/auth/accounts-service';
import { verifyPassword } from '../../../src/main/auth/passwords';
import { openStore } from '../../../src/main/store/open';
import { accountsRepository } from '../../../src/main/store/repositories/accounts';
import { auditRepository } from '../../../src/main/store/repositories/audit';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const by = { actor: 'sam.supervisor', via: 'console' as const };

function service() {
  const store = openStore(join(tempDir(), 'clearpost.sqlite'));
  const ended: string[] = [];
  const accounts = accountsRepository(store.db);
  const audit = auditRepository(store.db);
  const svc = createAccountsService({
    db: store.db,
    accounts,
    audit,
    endSessions: (username) => ended.push(username),
    now: () => 1_000,
  });
  return { svc, accounts, audit, ended, close: () => store.db.close() };
}

describe('accounts service', () => {
  it('refuses an account without a password, and the last supervisor’s demotion or disabling', async () => {
    const s = service();
    try {
      await expect(s.svc.save({ username: 'olga', role: 'operator', disabled: false }, by)).rejects.toThrow(
        'A password is required to create the account olga',
      );
      expect(s.accounts.list()).toEqual([]);
      await s.svc.save(
        { username: 'sam', role: 'supervisor', password: 'a long password 1', disabled: false },
        by,
      );
      const entries = s.audit.withAction('account.created').length;
      for (const change of [
        { role: 'operator' as const, disabled: false },
        { role: 'supervisor' as const, disabled: true },
      ]) {
        const refused = await s.svc.save({ username: 'sam', ...change }, by).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(AccountChangeRefused);
        expect((refused as AccountChangeRefused).refusal.code).toBe('last_supervisor');
      }
      expect(s.accounts.find('sam')).toMatchObject({ role: 'supervisor', disabled: false });
      expect(s.audit.withAction('account.updated')).toHaveLength(0);
      expect(s.audit.withAction('account.created')).toHaveLength(entries);
      expect(s.ended).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('creates, changes the role, resets the password and disables, ending sessions at each change', async () => {
    const s = service();
    try {
      await s.svc.save(
        { username: 'sam', role: 'supervisor', password: 'a long password 1', disabled: false },
        by,
      );
      const made = await s.svc.save(
        { username: 'olga', role: 'viewer', password: 'first password 12', disabled: false },
        by,
      );
      expect(made).toMatchObject({ existed: false, account: { username: 'olga', role: 'viewer' } });
      expect(made.account).not.toHaveProperty('passwordHash');
      await s.svc.save({ username: 'olga', role: 'operator', disabled: false }, by);
      await s.svc.save(
        { username: 'olga', role: 'operator', password: 'second password 1', disabled: false },
        by,
      );
      await s.svc.save({ username: 'olga', role: 'operator', disabled: true }, by);
      const olga = s.accounts.find('olga')!;
      expect(olga).toMatchObject({ role: 'operator', disabled: true });
      expect(await verifyPassword('second password 1', olga.passwordHash)).toBe(true);
      expect(await verifyPassword('first password 12', olga.passwordHash)).toBe(false);
      expect(s.ended).toEqual(['olga', 'olga', 'olga']);
      expect(s.audit.withAction('account.updated').map((e) => e.details)).toEqual([
        { role: 'operator', disabled: false, passwordChanged: false },
        { role: 'operator', disabled: false, passwordChanged: true },
        { role: 'operator', disabled: true, passwordChanged: false },
      ]);
    } finally {
      s.close();
    }
  });
});
