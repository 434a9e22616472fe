import { EhrOptions } from '../../components/form/EhrOptions';
import { FacilityInput } from '../../components/form/FacilityInput';
import { Field } from '../../components/form/Field';
import type { FormOf } from '../../components/form/use-command-form';
import { ANOTHER, FORMATS, SAVED } from './import-file';
import type { ImportValues } from './import-rules';

interface Props {
  readonly of: FormOf<ImportValues>;
  readonly savedSources: readonly string[];
  /** The facility typed (watched by the form), for the list of known ones. */
  readonly facility: string;
  /** A facility was typed: the warning's confirmation is no longer asked for. */
  readonly onFacilityTyped: () => void;
  /** Rows of the file may name no facility and none is given: said here, before the import. */
  readonly lacksFacility: boolean;
  /** The operator pressed Import with `lacksFacility`: asked to confirm or to choose one. */
  readonly confirming: boolean;
  readonly onImportAnyway: () => void;
  readonly submitLabel: string;
  readonly submitDisabled: boolean;
}

const WARNING_ID = 'import-facility-warning';

/** The format, the facility and EHR for rows that name none, and the Import button with its warning. */
export function ImportOptions(props: Props) {
  const { of } = props;
  return (
    <div className="form-grid">
      <Field of={of} name="format" label="Format">
        {(c) => (
          <select {...c}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
            {props.savedSources.map((s) => (
              <option key={s} value={`${SAVED}${s}`}>
                {s} (saved mapping)
              </option>
            ))}
            <option value={ANOTHER}>Another processor (map the columns)</option>
          </select>
        )}
      </Field>
      <Field of={of} name="facility" label="Facility (for rows that name none)">
        {(c) => (
          <FacilityInput
            control={{
              ...c,
              onChange: (event) => {
                if (event.target instanceof HTMLInputElement && event.target.value.trim())
                  props.onFacilityTyped();
                return c.onChange(event);
              },
              'aria-describedby':
                [c['aria-describedby'], props.lacksFacility ? WARNING_ID : ''].filter(Boolean).join(' ') ||
                undefined,
            }}
            value={props.facility}
          />
        )}
      </Field>
      <Field of={of} name="ehr" label="EHR (for rows that name none)">
        {(c) => (
          <select {...c}>
            <option value="">As in the file</option>
            <EhrOptions />
          </select>
        )}
      </Field>
      {props.lacksFacility && (
        <p
          id={WARNING_ID}
          className="notice import-warning"
          role={props.confirming ? 'alert' : undefined}
          data-testid="import-facility-warning"
        >
          <strong>No facility.</strong> This file’s rows may not name their facility. Rows without one are not
          posted: they wait in Quarantine until someone gives them a facility. Choose the facility above to
          post them now.
          {props.confirming && (
            <>
              {' '}
              <button type="button" onClick={props.onImportAnyway}>
                Import anyway
              </button>
            </>
          )}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={props.submitDisabled}>
          {props.submitLabel}
        </button>
      </div>
    </div>
  );
}
