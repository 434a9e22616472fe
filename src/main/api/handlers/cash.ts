import type { CashBalanceView } from '../../../shared/commands/cash';
import { addDays, today } from '../../lib/time-zone';
import { balanceCash } from '../../reconciliation/cash/cash-balance';
import { CASH_CAUSE_LABEL, UNEXPLAINED_CASH_CAUSES } from '../../reconciliation/cash/cash-variance';
import { ManualMatchError, matchByHand, runMatching } from '../../reconciliation/cash/run-matching';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';
import { recordAudit } from './record-audit';

/** Longest range a console request may balance or list at once (a quarter and a bit). */
const MAX_RANGE_DAYS = 100;

/**
 * Handlers of the cash commands (src/shared/commands/cash.ts). Business days are the reports' default zone
 * when reports are set up, else UTC.
 */
export function cashHandlers(ctx: HandlerContext): {
  'cash.balance': Handler<'cash.balance'>;
  'cash.unmatched': Handler<'cash.unmatched'>;
  'cash.exceptions': Handler<'cash.exceptions'>;
  'cash.runMatching': Handler<'cash.runMatching'>;
  'cash.match': Handler<'cash.match'>;
  'cash.assign': Handler<'cash.assign'>;
} {
  const zone = () => ctx.reports?.service.zones.zoneFor('') ?? 'UTC';
  const checkRange = ({ from, to }: { from: string; to: string }) => {
    if (to < from) throw new ApiFailure('invalid_arguments', 'The range ends before it starts.');
    if (addDays(from, MAX_RANGE_DAYS) < to) {
      throw new ApiFailure('invalid_arguments', `A range is at most ${String(MAX_RANGE_DAYS)} days.`);
    }
  };
  const deps = () => ({ db: ctx.db, repos: ctx.repos, clock: ctx.clock });

  return {
    'cash.balance': (range) => {
      checkRange(range);
      const balance = balanceCash(ctx.repos, {
        ...range,
        asOf: today(ctx.clock.now(), zone()),
        timeZone: zone(),
      });
      const view: CashBalanceView = {
        ...balance,
        variances: balance.variances.map((v) => ({
          ...v,
          causeText: CASH_CAUSE_LABEL[v.cause],
          unexplained: UNEXPLAINED_CASH_CAUSES.has(v.cause),
        })),
      };
      return view;
    },
    'cash.unmatched': (range) => {
      checkRange(range);
      return {
        deposits: ctx.repos.cashMatching.unmatchedDeposits(range.from, range.to).map((d) => ({
          id: d.id,
          bookingDate: d.bookingDate,
          accountLast4: d.accountLast4,
          amountMinor: d.amountMinor,
          currency: d.currency,
          reference: d.bankReference ?? d.customerReference,
          text: d.text,
        })),
        batches: ctx.repos.cashMatching.unmatchedBatches(range.from, range.to).map((b) => ({
          id: b.id,
          merchantId: b.merchantId,
          batchId: b.batchId,
          fundingDate: b.fundingDate,
          netMinor: b.netMinor,
          currency: b.currency,
        })),
      };
    },
    'cash.exceptions': ({ asOf }) =>
      ctx.repos.cashMatching.openExceptions(asOf ?? today(ctx.clock.now(), zone())),
    'cash.runMatching': (range) => {
      checkRange(range);
      const summary = runMatching(range, deps());
      return {
        matched: summary.matched,
        unmatchedDeposits: summary.unmatchedDeposits,
        unmatchedBatches: summary.unmatchedBatches,
      };
    },
    'cash.match': ({ depositIds, batchIds, note }, caller) => {
      try {
        const matchId = matchByHand(
          { depositIds, batchIds, actor: caller.actor, ...(note ? { note } : {}) },
          deps(),
        );
        recordAudit(ctx, {
          actor: caller.actor,
          action: 'cash.match',
          subjectType: 'cash_match',
          subjectId: String(matchId),
          details: { depositIds: [...depositIds], batchIds: [...batchIds], note: note ?? null },
        });
        return { matchId };
      } catch (error) {
        if (error instanceof ManualMatchError) {
          const on = error.field ? [{ path: error.field, message: error.message }] : undefined;
          throw new ApiFailure('conflict', error.message, on);
        }
        throw error;
      }
    },
    'cash.assign': ({ id, owner, note, followUp }, caller) => {
      const details = { ...(note ? { note } : {}), ...(followUp ? { followUp } : {}) };
      if (!ctx.repos.cashMatching.assign(id, owner, details)) {
        throw new ApiFailure('not_found', `Cash exception ${String(id)} does not exist.`);
      }
      recordAudit(ctx, {
        actor: caller.actor,
        action: 'cash.assign',
        subjectType: 'cash_exception',
        subjectId: String(id),
        details: { owner, ...details },
      });
      return { ok: true as const };
    },
  };
}
