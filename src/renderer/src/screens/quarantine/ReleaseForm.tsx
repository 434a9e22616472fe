import { useWatch } from 'react-hook-form';
import type { CommandArgs } from '../../../../shared/contract';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { Field, FormStatus } from '../../components/form/Field';
import { Options } from '../../components/Options';
import { FacilityInput } from '../../components/form/FacilityInput';
import { useCommandForm } from '../../components/form/use-command-form';

interface Corrections {
  facility: string;
  ehr: EhrSystem | '';
  guarantorAccount: string;
  encounterId: string;
  note: string;
}

const EMPTY: Corrections = { facility: '', ehr: '', guarantorAccount: '', encounterId: '', note: '' };

/** A correction typed in the field of its name; the arguments nest them under `corrections`. */
const FIELDS = {
  'corrections.facility': 'facility',
  'corrections.ehr': 'ehr',
  'corrections.guarantorAccount': 'guarantorAccount',
  'corrections.encounterId': 'encounterId',
};

/** An empty field keeps what the input says: it is left out of the corrections. */
function releaseArgs(id: number, form: Corrections): CommandArgs<'quarantine.release'> {
  return {
    id,
    corrections: {
      ...(form.facility.trim() ? { facility: form.facility } : {}),
      ...(form.ehr ? { ehr: form.ehr } : {}),
      ...(form.guarantorAccount.trim() ? { guarantorAccount: form.guarantorAccount } : {}),
      ...(form.encounterId.trim() ? { encounterId: form.encounterId } : {}),
    },
    ...(form.note.trim() ? { note: form.note } : {}),
  };
}

/** Correct and release one quarantined input: each field replaces what the input says, or is left empty. */
export function ReleaseForm({
  id,
  disabled,
  onCorrectAll,
  onRelease,
}: {
  id: number;
  disabled: boolean;
  /** Opens the bulk correction for the rows like this one. */
  onCorrectAll: () => void;
  /** Sends the release; rejects with the server's refusal (shown on the form). */
  onRelease: (args: CommandArgs<'quarantine.release'>) => Promise<unknown>;
}) {
  const release = useCommandForm({
    command: 'quarantine.release',
    toArgs: (v: Corrections) => releaseArgs(id, v),
    fields: FIELDS,
    defaultValues: EMPTY,
  });
  const facility = useWatch({ control: release.form.control, name: 'facility' });
  const submit = release.onSubmit(async (args) => {
    await onRelease(args);
    release.form.reset(EMPTY);
  });
  return (
    <form className="form-grid" onSubmit={(e) => void submit(e)} aria-label="Correct and release" noValidate>
      <h3 className="form-actions">Correct and release</h3>
      <p className="muted form-actions">
        Leave a field empty to keep what the input says.{' '}
        <button type="button" className="link" onClick={onCorrectAll}>
          Correct every open row like this one at once…
        </button>
      </p>
      <FormStatus of={release} />
      <Field of={release} name="facility" label="Facility">
        {(c) => <FacilityInput control={c} value={facility} />}
      </Field>
      <Field of={release} name="ehr" label="EHR">
        {(c) => (
          <select {...c}>
            <Options values={EHR_SYSTEMS} labels={EHR_LABEL} none="As in the input" />
          </select>
        )}
      </Field>
      <Field of={release} name="guarantorAccount" label="Guarantor account" />
      <Field of={release} name="encounterId" label="Encounter" />
      <Field of={release} name="note" label="Note (optional)" className="field form-actions" />
      <div className="form-actions">
        <button type="submit" disabled={disabled || release.form.formState.isSubmitting}>
          Release
        </button>
      </div>
    </form>
  );
}
