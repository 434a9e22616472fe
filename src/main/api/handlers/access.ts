import { AccountChangeRefused, createAccountsService } from '../../auth/accounts-service';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** Handlers of identity and local accounts (see src/shared/commands/access.ts); the rules are in auth/. */
export function accessHandlers(ctx: HandlerContext): {
  'auth.whoami': Handler<'auth.whoami'>;
  'accounts.list': Handler<'accounts.list'>;
  'accounts.save': Handler<'accounts.save'>;
} {
  const service = () => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Accounts are not set up in this Clearpost');
    const { accounts, sessions } = ctx.trust;
    return createAccountsService({
      db: ctx.db,
      accounts,
      audit: ctx.repos.audit,
      endSessions: (username) => sessions.endFor(username),
      now: () => ctx.clock.now(),
    });
  };
  return {
    'auth.whoami': (_args, caller) => ({
      actor: caller.actor,
      // The dispatcher resolved the role before calling.
      role: caller.role ?? 'viewer',
      transport: caller.transport,
    }),
    'accounts.list': () => service().list(),
    'accounts.save': async (change, caller) => {
      try {
        return (await service().save(change, { actor: caller.actor, via: 'console' })).account;
      } catch (error) {
        if (!(error instanceof AccountChangeRefused)) throw error;
        throw new ApiFailure(
          error.refusal.code === 'last_supervisor' ? 'conflict' : 'invalid_arguments',
          error.message,
        );
      }
    },
  };
}
