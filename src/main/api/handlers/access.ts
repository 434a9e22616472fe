import { lastSupervisorRefusal } from '../../auth/console-access';
import { hashPassword } from '../../auth/passwords';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** Handlers of identity and local accounts (see src/shared/commands/access.ts). */
export function accessHandlers(ctx: HandlerContext): {
  'auth.whoami': Handler<'auth.whoami'>;
  'accounts.list': Handler<'accounts.list'>;
  'accounts.save': Handler<'accounts.save'>;
} {
  const trust = () => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Accounts are not set up in this Clearpost');
    return ctx.trust;
  };
  return {
    'auth.whoami': (_args, caller) => ({
      actor: caller.actor,
      // The dispatcher resolved the role before calling.
      role: caller.role ?? 'viewer',
      transport: caller.transport,
    }),
    'accounts.list': () => trust().accounts.list(),
    'accounts.save': async ({ username, role, password, disabled }, caller) => {
      const { accounts, sessions } = trust();
      const existing = accounts.find(username);
      if (!existing && password === undefined) {
        throw new ApiFailure('invalid_arguments', `A password is required to create the account ${username}`);
      }
      const hash = password === undefined ? null : await hashPassword(password);
      const now = ctx.clock.now();
      // Checked under the write lock, so two supervisors demoting each other at once cannot both succeed.
      ctx.db
        .transaction(() => {
          if (existing) {
            const refusal = lastSupervisorRefusal(accounts.list(), {
              username: existing.username,
              role,
              disabled,
            });
            if (refusal) throw new ApiFailure('conflict', refusal);
          }
          if (existing) accounts.update(existing.username, role, hash, disabled, now);
          else accounts.create(username, role, hash ?? '', disabled, now);
          ctx.repos.audit.append(
            {
              actor: caller.actor,
              action: existing ? 'account.updated' : 'account.created',
              subjectType: 'account',
              subjectId: existing?.username ?? username,
              details: { role, disabled, passwordChanged: password !== undefined },
            },
            now,
          );
        })
        .immediate();
      // A changed role, password or a disabled account takes effect now, not at the next sign-in.
      if (existing) sessions.endFor(existing.username);
      const saved = accounts.find(username);
      if (!saved) throw new ApiFailure('internal', 'The account was not saved');
      const { passwordHash: _hash, ...info } = saved;
      return info;
    },
  };
}
