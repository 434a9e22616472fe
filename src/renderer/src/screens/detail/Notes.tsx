import { NOTE_KINDS, type Note, type NoteKind } from '../../../../shared/domain';
import { Options } from '../../components/Options';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { formatWhen } from '../../format';
import { useApi } from '../../hooks/api-context';

export const NOTE_BODY_ID = 'note-body';
const KIND_LABEL: Record<NoteKind, string> = { note: 'Note', fraud_review: 'Fraud review note' };

interface NoteValues {
  kind: NoteKind;
  body: string;
}
const EMPTY: NoteValues = { kind: 'note', body: '' };

/** The item's notes and a form adding one, judged by `notes.add`'s own rules. */
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
  const note = useCommandForm({
    command: 'notes.add',
    toArgs: (v: NoteValues) => ({ postingId, kind: v.kind, body: v.body }),
    defaultValues: EMPTY,
  });
  const submit = note.onSubmit(async (args) => {
    await api.invoke('notes.add', args);
    note.form.reset(EMPTY);
  });

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
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Add a note" noValidate>
        <Field of={note} name="kind" label="Kind">
          {(c) => (
            <select {...c}>
              <Options values={NOTE_KINDS} labels={KIND_LABEL} />
            </select>
          )}
        </Field>
        <Field of={note} name="body" id={NOTE_BODY_ID} label="New note">
          {(c) => <textarea {...c} rows={3} aria-keyshortcuts="n" />}
        </Field>
        <FormStatus of={note} />
        <button type="submit" className="secondary" disabled={!connected || note.form.formState.isSubmitting}>
          Add note
        </button>
      </form>
    </section>
  );
}
