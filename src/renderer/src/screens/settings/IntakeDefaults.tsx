import { useWatch } from 'react-hook-form';
import { EhrOptions } from '../../components/form/EhrOptions';
import { FacilityInput } from '../../components/form/FacilityInput';
import { Field } from '../../components/form/Field';
import type { RulesPartProps } from './use-rules-draft';

/** The facility and EHR given to payments that name none (without them such payments wait in quarantine). */
export function IntakeDefaults({ of, canEdit }: RulesPartProps) {
  const facility = useWatch({ control: of.form.control, name: 'defaultFacility' });
  return (
    <fieldset disabled={!canEdit}>
      <legend>Payments that name no facility or EHR</legend>
      <div className="form-grid">
        <Field of={of} name="defaultFacility" label="Default facility">
          {(c) => (
            <FacilityInput
              control={c}
              value={facility}
              placeholder="None: such payments wait in quarantine"
            />
          )}
        </Field>
        <Field of={of} name="defaultEhr" label="Default EHR">
          {(c) => (
            <select {...c}>
              <option value="">None: such payments wait in quarantine</option>
              <EhrOptions />
            </select>
          )}
        </Field>
      </div>
    </fieldset>
  );
}
