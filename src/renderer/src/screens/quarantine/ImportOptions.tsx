import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { FacilityField } from '../../components/FacilityField';
import { ANOTHER, FORMATS, SAVED } from './import-file';

interface Props {
  readonly format: string;
  readonly savedSources: readonly string[];
  readonly facility: string;
  readonly ehr: EhrSystem | '';
  readonly onFormat: (format: string) => void;
  readonly onFacility: (facility: string) => void;
  readonly onEhr: (ehr: EhrSystem | '') => void;
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
  return (
    <div className="form-grid">
      <label className="field">
        Format
        <select value={props.format} onChange={(e) => props.onFormat(e.target.value)}>
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
      </label>
      <FacilityField
        className="field"
        label="Facility (for rows that name none)"
        value={props.facility}
        onChange={props.onFacility}
        describedBy={props.lacksFacility ? WARNING_ID : undefined}
      />
      <label className="field">
        EHR (for rows that name none)
        <select value={props.ehr} onChange={(e) => props.onEhr(e.target.value as EhrSystem | '')}>
          <option value="">As in the file</option>
          {EHR_SYSTEMS.map((e) => (
            <option key={e} value={e}>
              {EHR_LABEL[e]}
            </option>
          ))}
        </select>
      </label>
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
