import { verifyAudit } from '../../audit/verify-audit';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** Handlers of the audit log's integrity and of backups (see src/shared/commands/audit.ts, backups.ts). */
export function auditHandlers(ctx: HandlerContext): {
  'audit.verify': Handler<'audit.verify'>;
  'backups.status': Handler<'backups.status'>;
  'backups.snapshot': Handler<'backups.snapshot'>;
} {
  const trust = () => {
    if (!ctx.trust) throw new ApiFailure('unavailable', 'Audit verification is not set up in this Clearpost');
    return ctx.trust;
  };
  return {
    'audit.verify': () => verifyAudit(ctx.repos.audit, trust().auditHeadFile),
    'backups.status': () => trust().backupStatus(),
    'backups.snapshot': (_args, caller) => {
      const taken = trust().snapshotNow();
      ctx.db
        .transaction(() =>
          ctx.repos.audit.append(
            {
              actor: caller.actor,
              action: 'backup.snapshot',
              subjectType: 'database',
              details: { bytes: taken.sizeBytes },
            },
            ctx.clock.now(),
          ),
        )
        .immediate();
      return taken;
    },
  };
}
