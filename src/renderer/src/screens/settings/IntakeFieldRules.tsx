import { get, useFieldArray, useWatch } from 'react-hook-form';
import { CellField } from '../../components/form/CellField';
import type { FieldControl } from '../../components/form/Field';
import { TRANSFORM_SEPARATOR } from './intake-rules-draft';
import { RowsTable } from './RowsTable';
import type { IntakeForm, RulesPartProps } from './use-rules-draft';

const TRANSFORM_LABEL: Record<string, string> = {
  trim: 'Trim spaces',
  upper: 'Upper case',
  lower: 'Lower case',
  digits: 'Digits only',
  e164: 'Phone (E.164)',
  zip: 'ZIP code',
  state: 'US state',
  address_line: 'Address line',
  boolean: 'Yes / no',
};

const transformLabel = (chain: string) =>
  chain
    .split(TRANSFORM_SEPARATOR)
    .map((t) => TRANSFORM_LABEL[t] ?? t)
    .join(', then ');

/** Touching a custom-field rule makes the list the supervisor's own: it no longer follows the defaults. */
const own = (of: IntakeForm) => of.form.setValue('fieldRulesDefault', false, { shouldDirty: true });
const owning = <C extends FieldControl>(of: IntakeForm, c: C): C => ({
  ...c,
  onChange: (event) => {
    own(of);
    return c.onChange(event);
  },
});

/**
 * Custom-field rules: each reads a merchant-defined data key or report column and writes a field, through
 * an optional transform. Clearpost's defaults apply until the supervisor changes the list.
 */
export function IntakeFieldRules({
  of,
  original,
  canEdit,
  transforms,
  targets,
  areDefaults,
}: RulesPartProps & {
  transforms: readonly string[];
  targets: readonly string[];
  /** The saved rules are Clearpost's defaults (so going back to them is offered). */
  areDefaults: boolean;
}) {
  const { control, formState, setValue } = of.form;
  const { fields, append, remove, replace } = useFieldArray({ control, name: 'fieldRules' });
  const followsDefaults = useWatch({ control, name: 'fieldRulesDefault' });
  // A refusal of the list as a whole (too many rules).
  const listError: unknown =
    get(formState.errors, 'fieldRules.message') ?? get(formState.errors, 'fieldRules.root.message');
  return (
    <fieldset disabled={!canEdit}>
      <legend>Custom-field rules</legend>
      <p className="muted">
        Each rule reads a merchant-defined data key or report column (matched ignoring case, spaces and
        dashes) and writes a field: {targets.join(', ')} feed the payment; any other name is kept with it.
        {followsDefaults && ' These are Clearpost’s defaults.'}
      </p>
      <RowsTable
        label="Custom-field rules"
        className="settings-table intake-table"
        columns={['Source field', 'Target field', 'Transform']}
        rows={fields}
        keyOf={(row) => row.id}
        removeLabel={(_, i) => `Remove rule ${String(i + 1)}`}
        onRemove={(i) => {
          own(of);
          remove(i);
        }}
        cells={(rule, i) => {
          const n = String(i + 1);
          // A chain of transforms saved elsewhere stays selectable as it is.
          const chain = rule.transforms.includes(TRANSFORM_SEPARATOR) ? [rule.transforms] : [];
          return (
            <>
              <td>
                <CellField of={of} name={`fieldRules.${i}.source`} label={`Rule ${n} source field`}>
                  {(c) => <input {...owning(of, c)} autoComplete="off" />}
                </CellField>
              </td>
              <td>
                <CellField of={of} name={`fieldRules.${i}.target`} label={`Rule ${n} target field`}>
                  {(c) => <input {...owning(of, c)} list="intake-targets" autoComplete="off" />}
                </CellField>
                {i === 0 && (
                  <datalist id="intake-targets">
                    {targets.map((t) => (
                      <option key={t} value={t} />
                    ))}
                  </datalist>
                )}
                {rule.map && (
                  <span className="field-hint">
                    {' '}
                    · then {Object.keys(rule.map).length} value lookups (kept)
                  </span>
                )}
              </td>
              <td>
                <CellField of={of} name={`fieldRules.${i}.transforms`} label={`Rule ${n} transform`}>
                  {(c) => (
                    <select {...owning(of, c)}>
                      <option value="">None</option>
                      {transforms.map((t) => (
                        <option key={t} value={t}>
                          {TRANSFORM_LABEL[t] ?? t}
                        </option>
                      ))}
                      {chain.map((saved) => (
                        <option key={saved} value={saved}>
                          {transformLabel(saved)}
                        </option>
                      ))}
                    </select>
                  )}
                </CellField>
              </td>
            </>
          );
        }}
      />
      {typeof listError === 'string' && <span className="field-error">{listError}</span>}
      <div className="intake-row-actions">
        <button
          type="button"
          onClick={() => {
            own(of);
            append({ source: '', target: '', transforms: 'trim' });
          }}
        >
          Add a rule
        </button>
        {!followsDefaults && areDefaults && (
          <button
            type="button"
            onClick={() => {
              replace(original.fieldRules);
              setValue('fieldRulesDefault', true, { shouldDirty: true });
            }}
          >
            Back to the defaults
          </button>
        )}
      </div>
    </fieldset>
  );
}
