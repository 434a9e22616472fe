import { TRANSFORM_SEPARATOR, type FieldRuleRow } from './intake-rules-draft';
import type { Marks } from './intake-marks';
import { RowsTable } from './RowsTable';
import type { RulesPartProps } from './use-rules-draft';

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

/**
 * Custom-field rules: each reads a merchant-defined data key or report column and writes a field, through
 * an optional transform. Clearpost's defaults apply until the supervisor changes the list.
 */
export function IntakeFieldRules({
  editing: { original, draft, edit, editRow, removeRow },
  marks,
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
  return (
    <fieldset disabled={!canEdit}>
      <legend>Custom-field rules</legend>
      <p className="muted">
        Each rule reads a merchant-defined data key or report column (matched ignoring case, spaces and
        dashes) and writes a field: {targets.join(', ')} feed the payment; any other name is kept with it.
        {draft.fieldRulesDefault && ' These are Clearpost’s defaults.'}
      </p>
      <RowsTable
        label="Custom-field rules"
        className="settings-table intake-table"
        columns={['Source field', 'Target field', 'Transform']}
        rows={draft.fieldRules}
        removeLabel={(_, i) => `Remove rule ${String(i + 1)}`}
        onRemove={(i) => removeRow('fieldRules', i)}
        cells={(rule, i) => (
          <FieldRuleCells
            index={i}
            rule={rule}
            transforms={transforms}
            targets={targets}
            onChange={(change) => editRow('fieldRules', i, change)}
            issue={marks.issue}
            invalid={marks.invalid}
          />
        )}
      />
      {marks.issue('fieldRules')}
      <div className="intake-row-actions">
        <button
          type="button"
          onClick={() =>
            edit({
              fieldRulesDefault: false,
              fieldRules: [...draft.fieldRules, { source: '', target: '', transforms: 'trim' }],
            })
          }
        >
          Add a rule
        </button>
        {!draft.fieldRulesDefault && areDefaults && (
          <button
            type="button"
            onClick={() => edit({ fieldRulesDefault: true, fieldRules: original.fieldRules })}
          >
            Back to the defaults
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** A custom-field rule's cells (RowsTable adds its Remove button). */
function FieldRuleCells({
  index,
  rule,
  transforms,
  targets,
  onChange,
  issue,
  invalid,
}: {
  index: number;
  rule: FieldRuleRow;
  transforms: readonly string[];
  targets: readonly string[];
  onChange: (change: Partial<FieldRuleRow>) => void;
  issue: Marks['issue'];
  invalid: Marks['invalid'];
}) {
  const at = `fieldRules.${String(index)}`;
  const n = String(index + 1);
  // A chain of transforms saved elsewhere stays selectable as it is.
  const chain = rule.transforms.includes(TRANSFORM_SEPARATOR) ? [rule.transforms] : [];
  const transformIssue = `${at}.transforms`;
  return (
    <>
      <td>
        <input
          value={rule.source}
          onChange={(e) => onChange({ source: e.target.value })}
          aria-label={`Rule ${n} source field`}
          autoComplete="off"
          {...invalid(`${at}.source`)}
        />
        {issue(`${at}.source`)}
      </td>
      <td>
        <input
          value={rule.target}
          onChange={(e) => onChange({ target: e.target.value })}
          aria-label={`Rule ${n} target field`}
          list="intake-targets"
          autoComplete="off"
          {...invalid(`${at}.target`)}
        />
        {index === 0 && (
          <datalist id="intake-targets">
            {targets.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        )}
        {issue(`${at}.target`)}
        {rule.map && (
          <span className="field-hint"> · then {Object.keys(rule.map).length} value lookups (kept)</span>
        )}
      </td>
      <td>
        <select
          value={rule.transforms}
          onChange={(e) => onChange({ transforms: e.target.value })}
          aria-label={`Rule ${n} transform`}
          {...invalid(transformIssue)}
        >
          <option value="">None</option>
          {transforms.map((t) => (
            <option key={t} value={t}>
              {TRANSFORM_LABEL[t] ?? t}
            </option>
          ))}
          {chain.map((c) => (
            <option key={c} value={c}>
              {c
                .split(TRANSFORM_SEPARATOR)
                .map((t) => TRANSFORM_LABEL[t] ?? t)
                .join(', then ')}
            </option>
          ))}
        </select>
        {issue(transformIssue)}
      </td>
    </>
  );
}
