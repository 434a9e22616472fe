import { useFieldArray } from 'react-hook-form';
import { CellField } from '../../components/form/CellField';
import { EhrCellField } from '../../components/form/EhrOptions';
import { RowsTable } from './RowsTable';
import type { RulesPartProps } from './use-rules-draft';

/** Guarantor accounts retired by a merge, each with the account that survived it (or none: review). */
export function IntakeMergedAccounts({ of, canEdit }: RulesPartProps) {
  const { fields, append, remove } = useFieldArray({ control: of.form.control, name: 'mergedAccounts' });
  return (
    <fieldset disabled={!canEdit}>
      <legend>Merged accounts</legend>
      <p className="muted">
        A guarantor account retired by a merge, and the account that survived it. Leave the surviving account
        empty when the record was combined and nobody knows into which: its payments go to review.
      </p>
      {fields.length > 0 && (
        <RowsTable
          label="Merged accounts"
          className="settings-table intake-table"
          columns={['EHR', 'Retired account', 'Surviving account']}
          rows={fields}
          keyOf={(row) => row.id}
          removeLabel={(_, i) => `Remove merged account ${String(i + 1)}`}
          onRemove={remove}
          cells={(_, i) => {
            const n = String(i + 1);
            return (
              <>
                <td>
                  <EhrCellField of={of} name={`mergedAccounts.${i}.ehr`} label={`Merged account ${n} EHR`} />
                </td>
                <td>
                  <CellField
                    of={of}
                    name={`mergedAccounts.${i}.from`}
                    label={`Merged account ${n} retired account`}
                  />
                </td>
                <td>
                  <CellField
                    of={of}
                    name={`mergedAccounts.${i}.to`}
                    label={`Merged account ${n} surviving account`}
                  >
                    {(c) => <input {...c} placeholder="Unknown: review" autoComplete="off" />}
                  </CellField>
                </td>
              </>
            );
          }}
        />
      )}
      <div className="intake-row-actions">
        <button type="button" onClick={() => append({ ehr: 'epic', from: '', to: '' })}>
          Add a merged account
        </button>
      </div>
    </fieldset>
  );
}
