/**
 * What an action came to, in words, for the operator who caused it: "Sent again — refused: the account was
 * not found in Oracle Health", never a green "Sent again." while the EHR refused it. Pure, so the item's
 * feedback and the bulk receipt say the same thing.
 */
import type { BulkAction } from '../commands/console';
import { EHR_LABEL, type EhrSystem, type PostingStatus } from '../domain';
import { itemReason, lowerFirst } from './item';
import { statusName } from './labels';

/** What the run itself did to each item (the EHR's answer to a retry follows, see `afterRetry`). */
export const BULK_DONE: Readonly<Record<BulkAction, string>> = {
  retry: 'Sent again; waiting for the EHR’s answer.',
  hold: 'Put on hold.',
  release: 'Hold released.',
  assign: 'Assigned.',
};

export type Tone = 'ok' | 'bad' | 'warn' | 'info';

export interface ActionOutcome {
  /** False while the EHR has not answered yet. */
  readonly settled: boolean;
  readonly text: string;
  readonly tone: Tone;
}

/** The state of an item as read back after the action. */
export interface ItemState {
  readonly status: PostingStatus;
  readonly ehr: EhrSystem;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly ehrReference?: string | null;
}

/** The outcome of a "Retry now", from the item as it stands after the attempt it caused. */
export function afterRetry(item: ItemState): ActionOutcome {
  const ehr = EHR_LABEL[item.ehr];
  const why = itemReason(item).sentence;
  const because = why ? lowerFirst(why) : null;
  switch (item.status) {
    case 'pending':
    case 'in_flight':
      return { settled: false, text: `Sent again — waiting for ${ehr}’s answer…`, tone: 'info' };
    case 'retry':
      // The operator's own retry is queued but not yet tried: still waiting.
      if (item.reasonCode === 'operator_retry' || item.reasonCode === null)
        return { settled: false, text: `Sent again — waiting for ${ehr}’s answer…`, tone: 'info' };
      return {
        settled: true,
        text: `Sent again — not posted yet${because ? `: ${because}` : ''}. Clearpost tries again by itself.`,
        tone: 'warn',
      };
    case 'success':
      return {
        settled: true,
        text: item.ehrReference
          ? `Sent again — posted in ${ehr} (reference ${item.ehrReference}).`
          : `Sent again — posted in ${ehr}.`,
        tone: 'ok',
      };
    case 'manually_posted':
      return { settled: true, text: 'Marked manually posted meanwhile.', tone: 'ok' };
    case 'failure':
      return { settled: true, text: `Sent again — refused${because ? `: ${because}` : ''}.`, tone: 'bad' };
    case 'not_applicable':
      return {
        settled: true,
        text: `Sent again — could not be processed${because ? `: ${because}` : ''}.`,
        tone: 'bad',
      };
    case 'needs_verification':
      return {
        settled: true,
        text: `Sent again — the answer is unknown: check ${ehr} for this transaction before anything else.`,
        tone: 'warn',
      };
    case 'quarantined':
    case 'declined':
    case 'will_not_be_sent':
      return { settled: true, text: `Not sent: the item is now ${statusName(item.status)}.`, tone: 'warn' };
  }
}
