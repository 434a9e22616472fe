import type { NewAuditEvent } from '../../store/repositories/audit';
import type { HandlerContext } from './context';

/** Appends `event` to the audit log, stamped now, and tells the console the log changed (its views re-read). */
export function recordAudit(
  ctx: Pick<HandlerContext, 'repos' | 'bus' | 'clock'>,
  event: NewAuditEvent,
): void {
  ctx.repos.audit.append(event, ctx.clock.now());
  ctx.bus.changed('audit_events');
}
