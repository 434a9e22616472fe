import { EhrSelect } from './EhrSelect';
import { RowsTable } from './RowsTable';
import type { RulesPartProps } from './use-rules-draft';

/** Guarantor accounts retired by a merge, each with the account that survived it (or none: review). */
export function IntakeMergedAccounts({
  editing: { draft, edit, editRow, removeRow },
  marks: { issue, invalid },
  canEdit,
}: RulesPartProps) {
  return (
    <fieldset disabled={!canEdit}>
      <legend>Merged accounts</legend>
      <p className="muted">
        A guarantor account retired by a merge, and the account that survived it. Leave the surviving account
        empty when the record was combined and nobody knows into which: its payments go to review.
      </p>
      {draft.mergedAccounts.length > 0 && (
        <RowsTable
          label="Merged accounts"
          className="settings-table intake-table"
          columns={['EHR', 'Retired account', 'Surviving account']}
          rows={draft.mergedAccounts}
          removeLabel={(_, i) => `Remove merged account ${String(i + 1)}`}
          onRemove={(i) => removeRow('mergedAccounts', i)}
          cells={(row, i) => {
            const at = `guarantorRules.mergedAccounts.${String(i)}`;
            const n = String(i + 1);
            return (
              <>
                <td>
                  <EhrSelect
                    value={row.ehr}
                    label={`Merged account ${n} EHR`}
                    onChange={(ehr) => editRow('mergedAccounts', i, { ehr })}
                  />
                </td>
                <td>
                  <input
                    value={row.from}
                    onChange={(e) => editRow('mergedAccounts', i, { from: e.target.value })}
                    aria-label={`Merged account ${n} retired account`}
                    autoComplete="off"
                    {...invalid(`${at}.from`)}
                  />
                  {issue(`${at}.from`)}
                </td>
                <td>
                  <input
                    value={row.to}
                    onChange={(e) => editRow('mergedAccounts', i, { to: e.target.value })}
                    aria-label={`Merged account ${n} surviving account`}
                    placeholder="Unknown: review"
                    autoComplete="off"
                    {...invalid(`${at}.to`)}
                  />
                  {issue(`${at}.to`)}
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
            edit({ mergedAccounts: [...draft.mergedAccounts, { ehr: 'epic', from: '', to: '' }] })
          }
        >
          Add a merged account
        </button>
      </div>
    </fieldset>
  );
}
