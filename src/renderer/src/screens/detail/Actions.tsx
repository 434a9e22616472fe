import { useState } from 'react';
import type { CommandArgs, CommandName } from '../../../../shared/contract';
import { EHR_LABEL, type Posting, type PostingStatus } from '../../../../shared/domain';
import { useApi } from '../../hooks/api-context';
import { useNow } from '../../hooks/use-now';
import { afterRetry, type Tone } from '../../../../shared/words';
import { ACTION_IDS } from './action-ids';
import { AssignForm } from './AssignForm';
import { guidanceSaysPostManually, manualPostAllowedAt } from './guidance';
import { ManualPostForm } from './ManualPostForm';

// Detail.tsx reaches the ids through this file, where the buttons they name live.
export { ACTION_IDS };

// The same rules the main process enforces; here they only decide which buttons make sense.
const RETRYABLE: readonly PostingStatus[] = ['retry', 'failure', 'not_applicable', 'needs_verification'];
const CLOSED: readonly PostingStatus[] = ['success', 'manually_posted', 'will_not_be_sent', 'declined'];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const FEEDBACK_CLASS: Record<Tone, string> = {
  ok: 'form-ok',
  bad: 'form-error',
  warn: 'form-warn',
  info: 'form-info',
};

interface Feedback {
  readonly tone: Tone;
  readonly text: string;
}

export function Actions({ posting, connected }: { posting: Posting; connected: boolean }) {
  const api = useApi();
  const ehr = EHR_LABEL[posting.ehr];
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  /**
   * Set after "Retry now" to the item's `updatedAt` when it was pressed: the feedback then follows the item, but
   * only once the item has changed since, so the answer shown is never the one the retry was meant to replace.
   */
  const [following, setFollowing] = useState<number | null>(null);
  const [checked, setChecked] = useState(false);

  /** Resolves true when the action was recorded; its outcome is shown either way. */
  const act = <N extends CommandName>(name: N, args: CommandArgs<N>, done: string, after?: () => void) => {
    setBusy(true);
    setFeedback(null);
    setFollowing(null);
    return api
      .invoke(name, args)
      .then(
        () => {
          setFeedback({ tone: 'ok', text: done });
          after?.();
          return true;
        },
        (error: unknown) => {
          setFeedback({ tone: 'bad', text: message(error) });
          return false;
        },
      )
      .finally(() => setBusy(false));
  };

  // The item re-renders with each change the engine reports; after "Retry now" the feedback is read from it,
  // so it says what the attempt came to, not merely that it was queued.
  const waiting: Feedback = { tone: 'info', text: `Sent again — waiting for ${ehr}’s answer…` };
  const shown: Feedback | null =
    following === null ? feedback : posting.updatedAt === following ? waiting : afterRetry(posting);

  const doubt = posting.verifyFirst || posting.status === 'needs_verification';
  const canRetry = posting.channel === 'api' && RETRYABLE.includes(posting.status) && !posting.held;
  const canMark = !CLOSED.includes(posting.status) && posting.status !== 'in_flight';
  const allowedAt = manualPostAllowedAt(posting);
  const now = useNow();
  const early = allowedAt !== null && allowedAt > now;
  const off = !connected || busy;
  const manualFirst = canMark && guidanceSaysPostManually(posting, now);

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {!connected && (
        <p className="muted" role="note">
          Offline: actions return when the console reconnects.
        </p>
      )}
      <div className="action-row">
        <button
          id={ACTION_IDS.retry}
          type="button"
          className={manualFirst ? 'secondary' : undefined}
          disabled={off || !canRetry}
          aria-keyshortcuts="r"
          onClick={() =>
            void act(
              'postings.retryNow',
              { id: posting.id, confirmedNotInEhr: doubt && checked },
              waiting.text,
              () => setFollowing(posting.updatedAt),
            )
          }
        >
          Retry now
        </button>
        <button
          id={ACTION_IDS.hold}
          type="button"
          className="secondary"
          disabled={off || (!posting.held && CLOSED.includes(posting.status))}
          aria-keyshortcuts="h"
          onClick={() =>
            void act(
              'postings.hold',
              { id: posting.id, held: !posting.held },
              posting.held ? 'Released.' : 'On hold.',
            )
          }
        >
          {posting.held ? 'Release hold' : 'Hold'}
        </button>
      </div>
      {doubt && canRetry && (
        <label className="check">
          <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />I checked{' '}
          {ehr}: this payment is not there
        </label>
      )}

      {canMark && (
        <ManualPostForm
          postingId={posting.id}
          ehr={ehr}
          early={early}
          off={off}
          manualFirst={manualFirst}
          onMark={(reference, note) =>
            act(
              'postings.markManual',
              { id: posting.id, ehrReference: reference, note },
              'Recorded as manually posted.',
            )
          }
        />
      )}

      <AssignForm
        key={posting.id}
        postingId={posting.id}
        initial={posting.assignee}
        off={off}
        onAssign={(assignee) => act('postings.assign', { id: posting.id, assignee }, 'Assignee saved.')}
      />

      {shown && (
        <p
          className={FEEDBACK_CLASS[shown.tone]}
          role={shown.tone === 'bad' ? 'alert' : 'status'}
          data-testid="action-feedback"
        >
          {shown.text}
        </p>
      )}
    </section>
  );
}
