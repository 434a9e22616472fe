import { EhrSelect } from './EhrSelect';
import type { DobRow } from './intake-rules-draft';
import type { Marks } from './intake-marks';
import { RowsTable } from './RowsTable';
import type { RulesPartProps } from './use-rules-draft';
import { CheckField } from './CheckField';

/**
 * Guarantor accounts that post only with a matching date of birth. Clearpost keeps a digest of each date,
 * never the date; turning the rules off and saving removes them.
 */
export function IntakeDobRules({
  editing: { original, draft, edit, editRow, removeRow },
  marks: { issue, invalid },
  canEdit,
}: RulesPartProps) {
  return (
    <fieldset disabled={!canEdit}>
      <legend>Accounts that need a date of birth</legend>
      <CheckField
        label="Some guarantor accounts post only with a matching date of birth"
        checked={draft.dobEnabled}
        onChange={(v) => edit({ dobEnabled: v })}
      />
      {!draft.dobEnabled && original.dobRules.length > 0 && (
        <p className="caution" role="status">
          Saving removes the {original.dobRules.length} date-of-birth rules.
        </p>
      )}
      {draft.dobEnabled && (
        <>
          <p className="muted">
            Clearpost keeps only a digest of each date of birth and never shows it again; type a date to
            replace a stored one. Payments carry the date in the field named here, which is never stored.
          </p>
          <label className="field intake-dob-field">
            <span>Field carrying the payer&apos;s date of birth</span>
            <input
              value={draft.dobField}
              onChange={(e) => edit({ dobField: e.target.value })}
              placeholder="patientDob"
              autoComplete="off"
              {...invalid('guarantorRules.dateOfBirth.field')}
            />
            {issue('guarantorRules.dateOfBirth.field')}
          </label>
          {draft.dobRules.length > 0 && (
            <RowsTable
              label="Date-of-birth rules"
              className="settings-table intake-table"
              columns={['EHR', 'Account', 'Date of birth', 'Post to account']}
              rows={draft.dobRules}
              removeLabel={(_, i) => `Remove date-of-birth rule ${String(i + 1)}`}
              onRemove={(i) => removeRow('dobRules', i)}
              cells={(row, i) => (
                <DobRuleCells
                  index={i}
                  row={row}
                  onChange={(change) => editRow('dobRules', i, change)}
                  issue={issue}
                  invalid={invalid}
                />
              )}
            />
          )}
          <div className="intake-row-actions">
            <button
              type="button"
              onClick={() =>
                edit({
                  dobRules: [
                    ...draft.dobRules,
                    { ehr: 'epic', account: '', survivingAccount: '', ref: null, dateOfBirth: '' },
                  ],
                })
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

/** A date-of-birth rule's cells (RowsTable adds its Remove button). */
function DobRuleCells({
  index,
  row,
  onChange,
  issue,
  invalid,
}: {
  index: number;
  row: DobRow;
  onChange: (change: Partial<DobRow>) => void;
  issue: Marks['issue'];
  invalid: Marks['invalid'];
}) {
  const at = `guarantorRules.dateOfBirth.rules.${String(index)}`;
  const n = String(index + 1);
  return (
    <>
      <td>
        <EhrSelect
          value={row.ehr}
          label={`Date-of-birth rule ${n} EHR`}
          onChange={(ehr) => onChange({ ehr })}
        />
      </td>
      <td>
        <input
          value={row.account}
          onChange={(e) => onChange({ account: e.target.value })}
          aria-label={`Date-of-birth rule ${n} account`}
          autoComplete="off"
          {...invalid(`${at}.account`)}
        />
        {issue(`${at}.account`)}
      </td>
      <td>
        <input
          value={row.dateOfBirth}
          onChange={(e) => onChange({ dateOfBirth: e.target.value })}
          aria-label={`Date-of-birth rule ${n} date of birth`}
          placeholder={row.ref ? 'Stored (type to replace)' : 'YYYY-MM-DD'}
          autoComplete="off"
          spellCheck={false}
          {...invalid(`${at}.dateOfBirth`)}
        />
        {issue(`${at}.dateOfBirth`)}
      </td>
      <td>
        <input
          value={row.survivingAccount}
          onChange={(e) => onChange({ survivingAccount: e.target.value })}
          aria-label={`Date-of-birth rule ${n} account to post to`}
          placeholder="The same account"
          autoComplete="off"
          {...invalid(`${at}.survivingAccount`)}
        />
        {issue(`${at}.survivingAccount`)}
      </td>
    </>
  );
}
