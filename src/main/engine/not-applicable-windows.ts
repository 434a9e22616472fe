/**
 * Not Applicable windows act: an item the integration could not process waits out its
 * window (nobody posts it by hand meanwhile, the engine may still resolve it). When the window ends the item
 * is evaluated again, as admission would today: a fault since fixed (the mapping now prepares, the connection
 * now exists, the routing now sends it by file) puts it back in the queue; otherwise it becomes Failure, to
 * be posted by hand, and the failure digest announces it.
 * An item with an earlier attempt goes back in doubt (verify first): "outcome unknown" is part of Not
 * Applicable, so the engine looks it up (or holds it) before sending it again, never posts blind.
 * Items whose window was never written (admission's "no connection", an isolated internal error) count it from
 * their last change, with their connection's (or the default) window.
 */
import type { PaymentEvent } from '../../shared/domain';
import type { Clock } from '../clock';
import type { EhrConnector } from '../connectors/ehr';
import { DEFAULT_STEP_WINDOWS, windowWords } from '../connectors/ehr/next-steps';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type {
  NotApplicableItem,
  NotApplicableWindowsRepository,
} from '../store/repositories/not-applicable-windows';
import { ENGINE_TEXT } from './operator-text';
import { routeEvent, type RoutingTable } from './routing';
import { withTenderDetails } from './sending';

export interface WindowConnection {
  readonly connector: Pick<EhrConnector, 'connectionId' | 'prepare'>;
  readonly notApplicableWindowMs: number;
}

export interface NotApplicableWindowsDeps {
  readonly repo: NotApplicableWindowsRepository;
  readonly repos: Pick<Repositories, 'events'>;
  readonly routing: RoutingTable;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The connection that would post this event now, if one is configured. */
  readonly connectionFor: (event: PaymentEvent) => WindowConnection | undefined;
  /** The connection an item was admitted with, for its window; undefined when none (or unconfigured). */
  readonly connectionById: (connectionId: string) => WindowConnection | undefined;
  readonly isSandboxConnection: (connectionId: string) => boolean;
}

export interface WindowSweep {
  readonly requeued: number[];
  readonly failed: number[];
}

export function createNotApplicableWindows(deps: NotApplicableWindowsDeps) {
  const { repo, repos, routing, logger } = deps;

  function windowOf(item: NotApplicableItem): { endsAt: number; windowMs: number } {
    const windowMs =
      deps.connectionById(item.connectionId)?.notApplicableWindowMs ??
      DEFAULT_STEP_WINDOWS.notApplicableWindowMs;
    return { endsAt: item.windowExpiresAt ?? item.updatedAt + windowMs, windowMs };
  }

  /** Why it still cannot be sent, or where it goes now. */
  function evaluate(
    item: NotApplicableItem,
    event: PaymentEvent,
  ): { kind: 'send'; channel: 'api' | 'daily_file'; connectionId: string } | { kind: 'stuck'; why: string } {
    const route = routeEvent(event, routing);
    if (route.channel === 'daily_file') {
      return { kind: 'send', channel: 'daily_file', connectionId: item.connectionId };
    }
    if (route.channel !== 'api')
      return { kind: 'stuck', why: route.reason ?? 'It is not routed to the EHR.' };
    const connection = deps.connectionFor(event);
    if (!connection)
      return { kind: 'stuck', why: `No connection is configured for facility ${event.facility}.` };
    const id = connection.connector.connectionId;
    if (event.source === 'sandbox' && !deps.isSandboxConnection(id))
      return { kind: 'stuck', why: ENGINE_TEXT.sandboxOnly };
    const prepared = connection.connector.prepare(withTenderDetails(event, repos.events.extrasOf(event.id)));
    if (!prepared.ok) return { kind: 'stuck', why: prepared.error.message };
    return { kind: 'send', channel: 'api', connectionId: id };
  }

  return {
    /** Evaluates every Not Applicable item whose window has ended; returns what moved. */
    sweep(): WindowSweep {
      const now = deps.clock.now();
      const requeued: number[] = [];
      const failed: number[] = [];
      for (const item of repo.open()) {
        const { endsAt, windowMs } = windowOf(item);
        if (now < endsAt) continue;
        const event = repos.events.get(item.eventId);
        if (!event) continue;
        try {
          const verdict = evaluate(item, event);
          if (verdict.kind === 'send') {
            const target = { ...verdict, verifyFirst: item.attempts > 0 };
            if (repo.requeue(item, target, now)) requeued.push(item.id);
            continue;
          }
          const reason = ENGINE_TEXT.notApplicableExpired(windowWords(windowMs), item.reason ?? verdict.why);
          if (repo.fail(item, reason, ENGINE_TEXT.manualPost, now)) failed.push(item.id);
        } catch (error) {
          // One item that cannot be evaluated must not stop the others; it is looked at again next sweep.
          logger.warn({ err: error, postingId: item.id }, 'Not Applicable item not re-evaluated');
        }
      }
      if (requeued.length + failed.length > 0) {
        logger.info({ requeued: requeued.length, failed: failed.length }, 'Not Applicable windows ended');
      }
      return { requeued, failed };
    },
  };
}
export type NotApplicableWindows = ReturnType<typeof createNotApplicableWindows>;
