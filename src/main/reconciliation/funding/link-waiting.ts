/**
 * Chargebacks and eCheck returns that arrived before their payment link up when it arrives: the case (or the
 * return) takes its payment, its reversal is stored through intake like any, and its `unmatched_*` quarantine
 * entry is closed as released to that reversal, by Clearpost, saying so.
 *
 * WHERE THIS RUNS: intake and the engine must not know about reconciliation (the layer rule), and intake
 * already tells every listener which tables a write changed (`db.changed` on the event bus, after each
 * webhook, import and manual entry). So the host subscribes this pass to that signal (`watchWaitingCases`,
 * wired in app.ts), coalescing a burst of writes into one look, and the cash import runs it after each file.
 * The look is a read of the few waiting rows (partial indexes of migration 0029); a write transaction is taken
 * only when a payment has actually arrived for one of them.
 */
import type { Database } from 'better-sqlite3';
import type { Logger } from '../../logger';
import type { EventBus } from '../../lib/event-bus';
import { storeReversals, type ReversalCounts, type ReversalDeps } from './reversal-events';

export interface LinkedCases {
  /** Chargeback case actions and returns linked to their payment now. */
  readonly linked: number;
  readonly followUps: ReversalCounts;
}

const NOTHING: LinkedCases = { linked: 0, followUps: { stored: 0, reposted: 0, quarantined: 0 } };

export function linkWaitingCases(deps: ReversalDeps & { readonly db: Database }): LinkedCases {
  const { chargebacks, echeckReturns } = deps.repos;
  if (!chargebacks.anyArrived() && !echeckReturns.anyArrived()) return NOTHING;
  return deps.db
    .transaction((): LinkedCases => {
      const now = deps.clock.now();
      const cases = chargebacks.linkArrived();
      const returns = echeckReturns.linkArrived();
      const followUps = storeReversals(deps, 'payment arrived');
      // Each entry is released to what was made for its row (the reversal, else a won case's re-post, else
      // the payment itself), unless a person already closed it.
      const release = (
        row: {
          readonly quarantineId: number | null;
          readonly eventId: number | null;
          readonly requestId: string;
        },
        followUp: number | null | undefined,
        what: string,
      ) => {
        const eventId = followUp ?? row.eventId;
        if (row.quarantineId === null || eventId === null) return;
        if (deps.repos.quarantine.get(row.quarantineId)?.state !== 'open') return;
        deps.repos.quarantine.markReleased(
          row.quarantineId,
          eventId,
          {
            actor: 'clearpost',
            note: `Linked automatically when payment ${row.requestId} arrived; ${what}.`,
          },
          now,
        );
      };
      for (const c of cases) {
        const after = chargebacks.ofPayment(c.requestId).find((x) => x.id === c.id);
        release(c, after?.reversalEventId ?? after?.repostEventId, `case ${c.caseNumber} is linked to it`);
      }
      for (const r of returns) {
        const after = echeckReturns.ofPayment(r.requestId).find((x) => x.id === r.id);
        release(r, after?.reversalEventId, `the ${r.returnCode} return is linked to it`);
      }
      return { linked: cases.length + returns.length, followUps };
    })
    .immediate();
}

/**
 * Runs the pass after intake writes payments (the host's hook; see above). Several writes in one turn of the
 * event loop make one pass; once the database is closed the pass does nothing. Returns the unsubscribe.
 */
export function watchWaitingCases(
  bus: EventBus,
  deps: ReversalDeps & { readonly db: Database; readonly logger: Logger; readonly wake: () => void },
): () => void {
  let queued = false;
  return bus.subscribe((event, payload) => {
    if (event !== 'db.changed' || queued) return;
    if (!(payload as { tables: readonly string[] }).tables.includes('payment_events')) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      // The app closed the database meanwhile: nothing to link, and nothing to unsubscribe from.
      if (!deps.db.open) return;
      try {
        const done = linkWaitingCases(deps);
        if (done.linked === 0) return;
        deps.logger.info(
          { linked: done.linked, ...done.followUps },
          'waiting chargebacks and returns linked',
        );
        bus.changed('payment_events', 'quarantined_inputs');
        deps.wake();
      } catch (err) {
        deps.logger.warn(
          { err },
          'linking waiting chargebacks and returns failed; tried again at the next write',
        );
      }
    });
  });
}
