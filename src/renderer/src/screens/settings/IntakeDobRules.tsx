import { useFieldArray, useWatch } from 'react-hook-form';
import { CellField } from '../../components/form/CellField';
import { Field } from '../../components/form/Field';
import { EhrCellField } from '../../components/form/EhrOptions';
import { RowsTable } from './RowsTable';
import type { RulesPartProps } from './use-rules-draft';

/**
 * Guarantor accounts that post only with a matching date of birth. Clearpost keeps a digest of each date,
 * never the date; turning the rules off and saving removes them.
 */
export function IntakeDobRules({ of, original, canEdit }: RulesPartProps) {
  const { control, register } = of.form;
  const enabled = useWatch({ control, name: 'dobEnabled' });
  const { fields, append, remove } = useFieldArray({ control, name: 'dobRules' });
  return (
    <fieldset disabled={!canEdit}>
      <legend>Accounts that need a date of birth</legend>
      <label className="check">
        <input type="checkbox" {...register('dobEnabled')} />
        Some guarantor accounts post only with a matching date of birth
      </label>
      {!enabled && original.dobRules.length > 0 && (
        <p className="caution" role="status">
          Saving removes the {original.dobRules.length} date-of-birth rules.
        </p>
      )}
      {enabled && (
        <>
          <p className="muted">
            Clearpost keeps only a digest of each date of birth and never shows it again; type a date to
            replace a stored one. Payments carry the date in the field named here, which is never stored.
          </p>
          <Field
            of={of}
            name="dobField"
            label="Field carrying the payer's date of birth"
            className="field intake-dob-field"
          >
            {(c) => <input {...c} placeholder="patientDob" autoComplete="off" />}
          </Field>
          {fields.length > 0 && (
            <RowsTable
              label="Date-of-birth rules"
              className="settings-table intake-table"
              columns={['EHR', 'Account', 'Date of birth', 'Post to account']}
              rows={fields}
              keyOf={(row) => row.id}
              removeLabel={(_, i) => `Remove date-of-birth rule ${String(i + 1)}`}
              onRemove={remove}
              cells={(row, i) => {
                const n = String(i + 1);
                return (
                  <>
                    <td>
                      <EhrCellField
                        of={of}
                        name={`dobRules.${i}.ehr`}
                        label={`Date-of-birth rule ${n} EHR`}
                      />
                    </td>
                    <td>
                      <CellField
                        of={of}
                        name={`dobRules.${i}.account`}
                        label={`Date-of-birth rule ${n} account`}
                      />
                    </td>
                    <td>
                      <CellField
                        of={of}
                        name={`dobRules.${i}.dateOfBirth`}
                        label={`Date-of-birth rule ${n} date of birth`}
                      >
                        {(c) => (
                          <input
                            {...c}
                            placeholder={row.ref ? 'Stored (type to replace)' : 'YYYY-MM-DD'}
                            autoComplete="off"
                            spellCheck={false}
                          />
                        )}
                      </CellField>
                    </td>
                    <td>
                      <CellField
                        of={of}
                        name={`dobRules.${i}.survivingAccount`}
                        label={`Date-of-birth rule ${n} account to post to`}
                      >
                        {(c) => <input {...c} placeholder="The same account" autoComplete="off" />}
                      </CellField>
                    </td>
                  </>
                );
              }}
            />
          )}
          <div className="intake-row-actions">
            <button
              type="button"
              onClick={() =>
                append({ ehr: 'epic', account: '', survivingAccount: '', ref: null, dateOfBirth: '' })
              }
            >
              Add a date-of-birth rule
            </button>
          </div>
        </>
      )}
    </fieldset>
  );
}
