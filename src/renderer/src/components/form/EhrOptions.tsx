import { EHR_LABEL, EHR_SYSTEMS } from '../../../../shared/domain';

/** The EHRs Clearpost posts to, as a select's options. */
export function EhrOptions() {
  return EHR_SYSTEMS.map((e) => (
    <option key={e} value={e}>
      {EHR_LABEL[e]}
    </option>
  ));
}
