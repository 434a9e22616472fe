import { useState, type SyntheticEvent } from 'react';

/** Approve, or reject with a note (the person who entered it reads why). */
export function DecideForm({
  label,
  decide,
}: {
  label: string;
  decide: (decision: 'approve' | 'reject', note: string) => Promise<unknown>;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (decision: 'approve' | 'reject') => (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (decision === 'reject' && note.trim() === '') {
      setError('Say why it is rejected.');
      return;
    }
    setBusy(true);
    setError(null);
    decide(decision, note.trim())
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="inline-form" onSubmit={run('approve')} aria-label={`Decide ${label}`}>
      <button type="submit" disabled={busy}>
        Approve
      </button>
      <input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        aria-label={`Note on ${label}`}
        placeholder="Note (needed to reject)"
        maxLength={2000}
      />
      <button type="button" onClick={run('reject')} disabled={busy}>
        Reject
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
