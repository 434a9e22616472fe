import { useState, type SyntheticEvent } from 'react';
import type { CommandArgs, CommandName } from '../../../../shared/contract';
import { EHR_LABEL, type Posting, type PostingStatus } from '../../../../shared/domain';
import { useApi } from '../../hooks/api-context';
import { useNow } from '../../hooks/use-now';
import { afterRetry, type Tone } from '../../../../shared/words';
import { guidanceSaysPostManually, manualPostAllowedAt } from './guidance';

export const ACTION_IDS = {
  retry: 'action-retry',
  hold: 'action-hold',
  manualRef: 'manual-reference',
  assignee: 'assignee-input',
} as const;

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
  /** Set after "Retry now": the feedback follows the item until the attempt it caused has an answer. */
  const [following, setFollowing] = useState(false);
  const [checked, setChecked] = useState(false);
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [earlyOk, setEarlyOk] = useState(false);
  const [assignee, setAssignee] = useState(posting.assignee ?? '');

  const act = <N extends CommandName>(name: N, args: CommandArgs<N>, done: string, after?: () => void) => {
    setBusy(true);
    setFeedback(null);
    setFollowing(false);
    api
      .invoke(name, args)
      .then(
        () => {
          setFeedback({ tone: 'ok', text: done });
          after?.();
        },
        (error: unknown) => setFeedback({ tone: 'bad', text: message(error) }),
      )
      .finally(() => setBusy(false));
  };

  // The item re-renders with each change the engine reports; after "Retry now" the feedback is read from it,
  // so it says what the attempt came to, not merely that it was queued.
  const shown: Feedback | null = following ? afterRetry(posting) : feedback;

  const doubt = posting.verifyFirst || posting.status === 'needs_verification';
  const canRetry = posting.channel === 'api' && RETRYABLE.includes(posting.status) && !posting.held;
  const canMark = !CLOSED.includes(posting.status) && posting.status !== 'in_flight';
  const allowedAt = manualPostAllowedAt(posting);
  const now = useNow();
  const early = allowedAt !== null && allowedAt > now;
  const off = !connected || busy;
  const manualFirst = canMark && guidanceSaysPostManually(posting, now);

  const markManual = (event: SyntheticEvent) => {
    event.preventDefault();
    act(
      'postings.markManual',
      { id: posting.id, ehrReference: reference, note },
      'Recorded as manually posted.',
      () => {
        setReference('');
        setNote('');
      },
    );
  };

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
            act(
              'postings.retryNow',
              { id: posting.id, confirmedNotInEhr: doubt && checked },
              `Sent again — waiting for ${ehr}’s answer…`,
              () => setFollowing(true),
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
            act(
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
        <form className="stack" onSubmit={markManual} aria-labelledby="manual-title">
          <h3 id="manual-title">Mark manually posted</h3>
          <label className="field">
            {ehr} posting reference
            <input
              id={ACTION_IDS.manualRef}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              required
              maxLength={100}
              autoComplete="off"
              aria-keyshortcuts="m"
            />
          </label>
          <label className="field">
            Note
            <textarea
              aria-describedby="manual-note-hint"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              required
              maxLength={4000}
              rows={2}
            />
          </label>
          <span id="manual-note-hint" className="muted">
            Both are required: the reference, and a note of what you posted and where.
          </span>
          {early && (
            <label className="check caution">
              <input type="checkbox" checked={earlyOk} onChange={(e) => setEarlyOk(e.target.checked)} />I
              checked {ehr} and post it before its Not Applicable window ends
            </label>
          )}
          <button
            type="submit"
            className={manualFirst ? undefined : 'secondary'}
            disabled={off || !reference.trim() || !note.trim() || (early && !earlyOk)}
          >
            Mark manually posted
          </button>
        </form>
      )}

      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          act(
            'postings.assign',
            { id: posting.id, assignee: assignee.trim() || null },
            'Assignee saved.',
            () => {
              // Out of the field, so the next shortcut acts instead of typing into it.
              if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
            },
          );
        }}
      >
        <label className="field">
          Assignee
          <input
            id={ACTION_IDS.assignee}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            maxLength={100}
            placeholder="Nobody"
            aria-keyshortcuts="a"
          />
        </label>
        <button type="submit" className="secondary" disabled={off}>
          Assign
        </button>
      </form>

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
