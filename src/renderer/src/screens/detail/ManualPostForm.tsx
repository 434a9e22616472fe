import { useState } from 'react';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { ACTION_IDS } from './action-ids';

const EMPTY = { ehrReference: '', note: '' };

/**
 * "Mark manually posted": the EHR's reference and a note, both required by the server (and marked so); before
 * the Not Applicable window ends, also a tick that the operator checked the EHR first.
 */
export function ManualPostForm({
  postingId,
  ehr,
  early,
  off,
  manualFirst,
  onMark,
}: {
  postingId: number;
  ehr: string;
  /** The item's Not Applicable window is still open. */
  early: boolean;
  off: boolean;
  /** The guidance says to post it by hand: this is the main button, not Retry. */
  manualFirst: boolean;
  /** Records it; resolves true once recorded (the form then empties). */
  onMark: (reference: string, note: string) => Promise<boolean>;
}) {
  const mark = useCommandForm({
    command: 'postings.markManual',
    toArgs: (v: typeof EMPTY) => ({ id: postingId, ehrReference: v.ehrReference, note: v.note }),
    defaultValues: EMPTY,
  });
  const [earlyOk, setEarlyOk] = useState(false);
  const submit = mark.onSubmit(async (args) => {
    if (await onMark(args.ehrReference, args.note)) mark.form.reset(EMPTY);
  });
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="manual-title" noValidate>
      <h3 id="manual-title">Mark manually posted</h3>
      <FormStatus of={mark} />
      <Field of={mark} name="ehrReference" id={ACTION_IDS.manualRef} label={`${ehr} posting reference`}>
        {(c) => <input {...c} autoComplete="off" aria-keyshortcuts="m" />}
      </Field>
      <Field of={mark} name="note" label="Note" hint="What you posted and where.">
        {(c) => <textarea {...c} rows={2} />}
      </Field>
      {early && (
        <label className="check caution">
          <input type="checkbox" checked={earlyOk} onChange={(e) => setEarlyOk(e.target.checked)} />I checked{' '}
          {ehr} and post it before its Not Applicable window ends
        </label>
      )}
      <button
        type="submit"
        className={manualFirst ? undefined : 'secondary'}
        disabled={off || mark.form.formState.isSubmitting || (early && !earlyOk)}
      >
        Mark manually posted
      </button>
    </form>
  );
}
