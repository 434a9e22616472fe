import { useState, type SyntheticEvent } from 'react';
import { ACTION_IDS } from './action-ids';

/**
 * "Mark manually posted": the EHR's reference and a note, both required; before the Not Applicable window
 * ends, also a tick that the operator checked the EHR first.
 */
export function ManualPostForm({
  ehr,
  early,
  off,
  manualFirst,
  onMark,
}: {
  ehr: string;
  /** The item's Not Applicable window is still open. */
  early: boolean;
  off: boolean;
  /** The guidance says to post it by hand: this is the main button, not Retry. */
  manualFirst: boolean;
  /** Records it; `done` is called once recorded, to empty the form. */
  onMark: (reference: string, note: string, done: () => void) => void;
}) {
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [earlyOk, setEarlyOk] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onMark(reference, note, () => {
      setReference('');
      setNote('');
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="manual-title">
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
          <input type="checkbox" checked={earlyOk} onChange={(e) => setEarlyOk(e.target.checked)} />I checked{' '}
          {ehr} and post it before its Not Applicable window ends
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
  );
}
