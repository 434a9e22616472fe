import { ApiFailure, type Handler } from '../dispatcher';
import { goLiveView, productionDatabase } from '../../settings/go-live';
import type { HandlerContext } from './context';
import type { TrustContext } from './trust-context';

/** The switch-to-live checklist and "Restart now" (see src/shared/commands/go-live.ts). */
export function goLiveHandlers(
  ctx: HandlerContext,
  secretSet: (t: TrustContext) => Promise<(name: string) => boolean>,
  audit: (actor: string, action: string, subjectId: string) => void,
): {
  'settings.goLive': Handler<'settings.goLive'>;
  'settings.restart': Handler<'settings.restart'>;
} {
  const trust = (): TrustContext => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Settings are not set up in this Clearpost');
    return ctx.trust;
  };
  return {
    'settings.goLive': async () => {
      const t = trust();
      const running = ctx.info.sandbox ? 'sandbox' : 'production';
      return goLiveView({
        settings: t.settings.get(),
        secretSet: await secretSet(t),
        accounts: t.accounts.list(),
        connectionTests: (id) => ctx.repos.audit.forSubject('connection', id),
        auditWithAction: (action) => ctx.repos.audit.withAction(action),
        mode: ctx.info.mode,
        dataDir: ctx.info.dataDir,
        running,
        productionDatabase: productionDatabase(ctx.info.dataDir, running, () => ctx.repos.events.count()),
        restartOffered: t.settings.restart.offered,
      });
    },
    'settings.restart': (_args, caller) => {
      const t = trust();
      if (!t.settings.restart.offered) {
        throw new ApiFailure(
          'unavailable',
          'This Clearpost cannot restart itself: stop it and start it again (Settings → Switch to live names the command).',
        );
      }
      audit(caller.actor, 'settings.restart_requested', 'restart');
      t.settings.restart.request();
      return {
        restarting: true,
        message: 'Clearpost is restarting with the saved settings; this page reconnects when it is back.',
      };
    },
  };
}
