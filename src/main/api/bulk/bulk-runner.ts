/**
 * Bulk actions on a frozen set. A preview records exactly which postings a filter selected at that moment;
 * the run touches those and nothing that arrived later, each through the same operator action (and the
 * same checks, audit and double-post protection) as a single click, and ends with a receipt.
 */
import { randomUUID } from 'node:crypto';
import type {
  BulkAction,
  BulkOutcome,
  BulkPreview,
  BulkReceipt,
  BulkReceiptItem,
  CurrencyTotal,
} from '../../../shared/commands/console';
import type { ExceptionItem } from '../../../shared/domain';
import type { Clock } from '../../clock';
import type { OperatorActions } from '../../engine/operator-actions';
import type { AuditRepository } from '../../store/repositories/audit';
import type { QueueFilterArgs, QueueRepository } from '../../store/repositories/queue';
import { ActionRefused } from '../../engine/operator-actions';
import { ApiFailure } from '../dispatcher';
import { BULK_DONE as DONE_TEXT } from '../../../shared/words';

/** Larger sets must be narrowed first: an operator cannot meaningfully review more in one preview. */
export const BULK_MAX_ITEMS = 5_000;
/** From this many items, or this total in any currency's minor units, the operator types a confirmation. */
export const BULK_CONFIRM_COUNT = 10;
export const BULK_CONFIRM_TOTAL_MINOR = 1_000_000;
const PREVIEW_TTL_MS = 15 * 60_000;
const SAMPLE_SIZE = 20;

interface FrozenSet {
  readonly preview: BulkPreview;
  readonly ids: readonly number[];
}

export interface BulkDeps {
  readonly queue: QueueRepository;
  readonly actions: OperatorActions;
  readonly audit: AuditRepository;
  readonly clock: Clock;
  /** Runs `fn` in one SQLite transaction (for the summary audit entry). */
  readonly transaction: (fn: () => void) => void;
}

function totalsOf(items: readonly ExceptionItem[]): CurrencyTotal[] {
  const byCurrency = new Map<string, CurrencyTotal>();
  for (const item of items) {
    const sum = byCurrency.get(item.currency) ?? { currency: item.currency, amountMinor: 0, count: 0 };
    byCurrency.set(item.currency, {
      currency: item.currency,
      amountMinor: sum.amountMinor + item.amountMinor,
      count: sum.count + 1,
    });
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export function confirmationPhraseFor(action: BulkAction, count: number, totals: readonly CurrencyTotal[]) {
  const large =
    count >= BULK_CONFIRM_COUNT || totals.some((t) => Math.abs(t.amountMinor) >= BULK_CONFIRM_TOTAL_MINOR);
  return large ? `${action} ${String(count)}` : null;
}

/** Why an item of the frozen set is left alone, or null when the action should be tried on it. */
function skipReason(action: BulkAction, item: ExceptionItem, assignee: string | null): string | null {
  switch (action) {
    case 'retry':
      return item.held ? 'On hold: release it first.' : null;
    case 'hold':
      return item.held ? 'Already on hold.' : null;
    case 'release':
      return item.held ? null : 'Not on hold.';
    case 'assign':
      return item.assignee === assignee ? 'Already assigned so.' : null;
  }
}

export function bulkRunner(deps: BulkDeps) {
  const previews = new Map<string, FrozenSet>();

  const sweep = (now: number) => {
    for (const [key, set] of previews) if (set.preview.expiresAt <= now) previews.delete(key);
  };

  const apply = (action: BulkAction, id: number, actor: string, assignee: string | null): void => {
    switch (action) {
      case 'retry':
        // Never skips the verification: an item in doubt is looked up (or held) by the engine first.
        deps.actions.retryNow(id, actor, false);
        return;
      case 'hold':
        deps.actions.setHeld(id, actor, true);
        return;
      case 'release':
        deps.actions.setHeld(id, actor, false);
        return;
      case 'assign':
        deps.actions.assign(id, actor, assignee);
        return;
    }
  };

  return {
    preview(filter: QueueFilterArgs, action: BulkAction, assignee: string | null): BulkPreview {
      const now = deps.clock.now();
      sweep(now);
      const items = deps.queue.select(filter, BULK_MAX_ITEMS + 1);
      if (items.length > BULK_MAX_ITEMS) {
        throw new ApiFailure(
          'conflict',
          `The filter selects more than ${BULK_MAX_ITEMS.toLocaleString('en-US')} items; narrow it first.`,
        );
      }
      if (items.length === 0) throw new ApiFailure('conflict', 'The filter selects no items.');
      const totals = totalsOf(items);
      const preview: BulkPreview = {
        previewId: randomUUID(),
        action,
        assignee,
        count: items.length,
        totals,
        sample: items.slice(0, SAMPLE_SIZE),
        confirmationPhrase: confirmationPhraseFor(action, items.length, totals),
        expiresAt: now + PREVIEW_TTL_MS,
      };
      previews.set(preview.previewId, { preview, ids: items.map((i) => i.postingId) });
      return preview;
    },

    run(previewId: string, confirmation: string | undefined, actor: string): BulkReceipt {
      const startedAt = deps.clock.now();
      sweep(startedAt);
      const frozen = previews.get(previewId);
      if (!frozen) {
        throw new ApiFailure('not_found', 'This preview has expired or already ran; preview the set again.');
      }
      const { preview, ids } = frozen;
      const phrase = preview.confirmationPhrase;
      if (phrase !== null && confirmation?.trim().toLowerCase() !== phrase) {
        throw new ApiFailure('conflict', `Type "${phrase}" to confirm this bulk action.`);
      }
      // One run per preview: a second click (or a second console) cannot apply the set twice.
      previews.delete(previewId);

      const current = deps.queue.byIds(ids);
      const items: BulkReceiptItem[] = [];
      for (const postingId of ids) {
        const before = current.get(postingId);
        const base =
          before ?? preview.sample.find((s) => s.postingId === postingId) ?? ({} as Partial<ExceptionItem>);
        const record = (outcome: BulkOutcome, message: string) =>
          items.push({
            postingId,
            processorTxnId: base.processorTxnId ?? '',
            guarantorAccount: base.guarantorAccount ?? null,
            amountMinor: base.amountMinor ?? 0,
            currency: base.currency ?? '',
            statusBefore: base.status ?? 'failure',
            statusAfter: null,
            outcome,
            message,
          });
        if (!before) {
          record('skipped', 'The posting no longer exists.');
          continue;
        }
        const skip = skipReason(preview.action, before, preview.assignee);
        if (skip) {
          record('skipped', skip);
          continue;
        }
        try {
          apply(preview.action, postingId, actor, preview.assignee);
          record('done', DONE_TEXT[preview.action]);
        } catch (error) {
          if ((error instanceof ApiFailure || error instanceof ActionRefused) && error.code === 'conflict')
            record('skipped', error.message);
          else record('failed', error instanceof Error ? error.message : String(error));
        }
      }
      // Where each item stands once the action is applied: a retry is queued here, its answer comes later.
      const after = deps.queue.byIds(ids);
      items.forEach((item, i) => {
        items[i] = { ...item, statusAfter: after.get(item.postingId)?.status ?? null };
      });
      const count = (outcome: BulkOutcome) => items.filter((i) => i.outcome === outcome).length;
      const receipt: BulkReceipt = {
        previewId,
        action: preview.action,
        actor,
        startedAt,
        finishedAt: deps.clock.now(),
        done: count('done'),
        skipped: count('skipped'),
        failed: count('failed'),
        items,
      };
      deps.transaction(() =>
        deps.audit.append(
          {
            actor,
            action: 'bulk.run',
            subjectType: 'bulk',
            subjectId: previewId,
            details: {
              action: preview.action,
              count: ids.length,
              done: receipt.done,
              skipped: receipt.skipped,
              failed: receipt.failed,
            },
          },
          receipt.finishedAt,
        ),
      );
      return receipt;
    },
  };
}
export type BulkRunner = ReturnType<typeof bulkRunner>;
