import { ApiFailure, type Handler } from '../dispatcher';
import { chargebackView, repostView, returnView } from '../../reconciliation/funding/reversal-text';
import type { HandlerContext } from './context';

export function postingHandlers(ctx: HandlerContext): {
  'postings.get': Handler<'postings.get'>;
  'notes.add': Handler<'notes.add'>;
} {
  const { repos } = ctx;
  const requirePosting = (id: number) => {
    const posting = repos.postings.get(id);
    if (!posting) throw new ApiFailure('not_found', `Posting ${String(id)} does not exist`);
    return posting;
  };

  return {
    'postings.get': ({ id }) => {
      const posting = requirePosting(id);
      const event = repos.events.get(posting.eventId);
      if (!event) throw new Error(`posting ${String(id)} has no payment event`);
      const chargeback = repos.chargebacks.ofReversal(event.id);
      const returned = chargeback ? undefined : repos.echeckReturns.ofReversal(event.id);
      const reversal = chargeback ? chargebackView(chargeback) : returned ? returnView(returned) : null;
      const won = reversal ? undefined : repos.chargebacks.ofRepost(event.id);
      return {
        posting,
        event,
        attempts: repos.attempts.forPosting(id),
        notes: repos.notes.forPosting(id),
        reversal,
        repost: won ? repostView(won) : null,
      };
    },

    'notes.add': ({ postingId, kind, body }, caller) => {
      requirePosting(postingId);
      const now = ctx.clock.now();
      const note = ctx.db
        .transaction(() => {
          const added = repos.notes.add(postingId, kind, caller.actor, body, now);
          repos.audit.append(
            {
              actor: caller.actor,
              action: 'note.added',
              subjectType: 'posting',
              subjectId: String(postingId),
              details: { noteId: added.id, kind },
            },
            now,
          );
          return added;
        })
        .immediate();
      ctx.bus.changed('notes', 'audit_events');
      return note;
    },
  };
}
