import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';

/** One of the EHRs Clearpost posts to, picked in a table cell (so it is named by `label`). */
export function EhrSelect({
  value,
  label,
  onChange,
}: {
  value: EhrSystem;
  label: string;
  onChange: (ehr: EhrSystem) => void;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as EhrSystem)} aria-label={label}>
      {EHR_SYSTEMS.map((e) => (
        <option key={e} value={e}>
          {EHR_LABEL[e]}
        </option>
      ))}
    </select>
  );
}
