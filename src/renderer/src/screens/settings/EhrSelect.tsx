import type { EhrSystem } from '../../../../shared/domain';
import { EhrOptions } from '../../components/form/EhrOptions';

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
      <EhrOptions />
    </select>
  );
}
