import { useState } from 'react';
import { NOTE_KINDS, type Note, type NoteKind } from '../../../../shared/domain';
import { Options } from '../../components/Options';
import { formatWhen } from '../../format';
import { useApi } from '../../hooks/api-context';

export const NOTE_BODY_ID = 'note-body';
const KIND_LABEL: Record<NoteKind, string> = { note: 'Note', fraud_review: 'Fraud review note' };

export function Notes({
  postingId,
  notes,
  connected,
}: {
  postingId: number;
  notes: readonly Note[];
  connected: boolean;
}) {
  const api = useApi();
  const [kind, setKind] = useState<NoteKind>('note');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id} className={n.kind === 'fraud_review' ? 'note-fraud' : undefined}>
              <div className="note-head">
                <strong>{KIND_LABEL[n.kind]}</strong> · {n.author} · {formatWhen(n.createdAt)}
              </div>
              <div className="note-body">{n.body}</div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          api
            .invoke('notes.add', { postingId, kind, body })
            .then(
              () => setBody(''),
              (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)),
            )
            .finally(() => setBusy(false));
        }}
      >
        <label className="field">
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as NoteKind)}>
            <Options values={NOTE_KINDS} labels={KIND_LABEL} />
          </select>
        </label>
        <label className="field">
          New note
          <textarea
            id={NOTE_BODY_ID}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={4000}
            rows={3}
            aria-keyshortcuts="n"
          />
        </label>
        <button type="submit" className="secondary" disabled={!connected || busy || !body.trim()}>
          Add note
        </button>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
