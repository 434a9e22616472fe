import type { FieldValues, Path } from 'react-hook-form';
import { EHR_LABEL, EHR_SYSTEMS } from '../../../../shared/domain';
import { CellField } from './CellField';
import type { FormOf } from './use-command-form';

/** The EHRs Clearpost posts to, as a select's options. */
export function EhrOptions() {
  return EHR_SYSTEMS.map((e) => (
    <option key={e} value={e}>
      {EHR_LABEL[e]}
    </option>
  ));
}

/** An EHR picked in a table's cell (a rule's row), named by `label`. */
export function EhrCellField<V extends FieldValues>({
  of,
  name,
  label,
}: {
  of: FormOf<V>;
  name: Path<V>;
  label: string;
}) {
  return (
    <CellField of={of} name={name} label={label}>
      {(c) => (
        <select {...c}>
          <EhrOptions />
        </select>
      )}
    </CellField>
  );
}
