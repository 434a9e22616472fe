import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api-error';
import type { IntakeRulesView } from '../../../../shared/commands/intake-rules';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { QueryView } from '../../components/QueryView';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import './intake-rules.css';
import {
  fromDraft,
  toDraft,
  TRANSFORM_SEPARATOR,
  type DobRow,
  type FieldRuleRow,
  type RulesDraft,
} from './intake-rules-draft';
import { RowsTable } from './section';

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
 * Settings section: how intake reads what processors send. Custom-field rules (a merchant-defined data key
 * or report column → a field), the facility and EHR for payments that name none, the merged-account map,
 * and accounts that need a matching date of birth. Saved rules apply from the next payment received.
 */
/** Everyone may read the rules; only a supervisor edits them (the server refuses anyone else). */
export function IntakeRulesSection({ canEdit }: { canEdit: boolean }) {
  const query = useQuery('intake.rules.get', {}, []);
  // After a save, the answer of that call is the newest view.
  const [saved, setSaved] = useState<IntakeRulesView | null>(null);
  const view = saved ?? query.data;
  return (
    <section className="intake-rules" aria-labelledby="intake-rules-title" data-testid="intake-rules">
      <h2 id="intake-rules-title">Intake rules</h2>
      <QueryView query={{ ...query, data: view }}>
        {(v) => <RulesEditor key={JSON.stringify(v)} view={v} canEdit={canEdit} onSaved={setSaved} />}
      </QueryView>
    </section>
  );
}

function RulesEditor({
  view,
  canEdit,
  onSaved,
}: {
  view: IntakeRulesView;
  canEdit: boolean;
  onSaved: (view: IntakeRulesView) => void;
}) {
  const api = useApi();
  const original = toDraft(view);
  const [draft, setDraft] = useState<RulesDraft>(original);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);

  const edit = (change: Partial<RulesDraft>) => setDraft((d) => ({ ...d, ...change }));
  const editRow = <K extends 'fieldRules' | 'mergedAccounts' | 'dobRules'>(
    list: K,
    index: number,
    change: Partial<RulesDraft[K][number]>,
  ) =>
    setDraft((d) => ({
      ...d,
      ...(list === 'fieldRules' ? { fieldRulesDefault: false } : {}),
      [list]: d[list].map((row, i) => (i === index ? { ...row, ...change } : row)),
    }));
  const removeRow = (list: 'fieldRules' | 'mergedAccounts' | 'dobRules', index: number) =>
    setDraft((d) => ({
      ...d,
      ...(list === 'fieldRules' ? { fieldRulesDefault: false } : {}),
      [list]: d[list].filter((_, i) => i !== index),
    }));

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    api
      .invoke('intake.rules.save', { rules: fromDraft(draft) })
      .then(
        (next) => {
          setIssues({});
          onSaved(next);
        },
        (error: unknown) => {
          const byField: Record<string, string> = {};
          // A refused transform is named by its position in the chain; the form has one select per rule.
          if (error instanceof ApiError) {
            for (const i of error.issues ?? []) {
              byField[i.path.replace(/^(fieldRules\.\d+\.transforms)\.\d+$/, '$1')] = i.message;
            }
          }
          setIssues(byField);
          setResult({
            ok: false,
            text:
              Object.keys(byField).length > 0
                ? 'Not saved: correct the fields marked below.'
                : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
          });
        },
      )
      .finally(() => setBusy(false));
  };

  const issue = (path: string) =>
    issues[path] ? (
      <span className="field-error" id={`intake-issue-${path}`}>
        {issues[path]}
      </span>
    ) : null;
  const invalid = (path: string) =>
    issues[path] ? { 'aria-invalid': true, 'aria-describedby': `intake-issue-${path}` } : {};
  const otherIssues = Object.entries(issues).filter(([path]) => !isShown(path, draft));

  return (
    <form className="panel intake-rules-form" onSubmit={save} aria-label="Intake rules" noValidate>
      <p className="muted">
        Applied to every payment received from the next one on: webhooks and imported files.
      </p>

      <fieldset disabled={!canEdit}>
        <legend>Payments that name no facility or EHR</legend>
        <div className="form-grid">
          <label className="field">
            <span>Default facility</span>
            <input
              value={draft.defaultFacility}
              onChange={(e) => edit({ defaultFacility: e.target.value })}
              maxLength={100}
              autoComplete="off"
              placeholder="None: such payments wait in quarantine"
              {...invalid('defaultFacility')}
            />
            {issue('defaultFacility')}
          </label>
          <label className="field">
            <span>Default EHR</span>
            <select
              value={draft.defaultEhr}
              onChange={(e) => edit({ defaultEhr: e.target.value as EhrSystem | '' })}
              {...invalid('defaultEhr')}
            >
              <option value="">None: such payments wait in quarantine</option>
              {EHR_SYSTEMS.map((e) => (
                <option key={e} value={e}>
                  {EHR_LABEL[e]}
                </option>
              ))}
            </select>
            {issue('defaultEhr')}
          </label>
        </div>
      </fieldset>

      <fieldset disabled={!canEdit}>
        <legend>Custom-field rules</legend>
        <p className="muted">
          Each rule reads a merchant-defined data key or report column (matched ignoring case, spaces and
          dashes) and writes a field: {view.canonicalTargets.join(', ')} feed the payment; any other name is
          kept with it.
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
              transforms={view.transforms}
              targets={view.canonicalTargets}
              onChange={(change) => editRow('fieldRules', i, change)}
              issue={issue}
              invalid={invalid}
            />
          )}
        />
        {issue('fieldRules')}
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
          {!draft.fieldRulesDefault && view.fieldRulesAreDefaults && (
            <button
              type="button"
              onClick={() => edit({ fieldRulesDefault: true, fieldRules: original.fieldRules })}
            >
              Back to the defaults
            </button>
          )}
        </div>
      </fieldset>

      <fieldset disabled={!canEdit}>
        <legend>Merged accounts</legend>
        <p className="muted">
          A guarantor account retired by a merge, and the account that survived it. Leave the surviving
          account empty when the record was combined and nobody knows into which: its payments go to review.
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

      <fieldset disabled={!canEdit}>
        <legend>Accounts that need a date of birth</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.dobEnabled}
            onChange={(e) => edit({ dobEnabled: e.target.checked })}
          />
          Some guarantor accounts post only with a matching date of birth
        </label>
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

      {canEdit && (
        <div className="form-actions">
          <button type="submit" disabled={busy || !dirty}>
            {busy ? 'Saving…' : 'Save intake rules'}
          </button>
          {dirty && (
            <button
              type="button"
              onClick={() => {
                setDraft(original);
                setIssues({});
                setResult(null);
              }}
            >
              Discard changes
            </button>
          )}
        </div>
      )}
      {result && (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      {otherIssues.length > 0 && (
        <ul className="form-error">
          {otherIssues.map(([path, text]) => (
            <li key={path}>
              {path}: {text}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** Issues the form shows beside a field; the rest are listed under the form. */
function isShown(path: string, draft: RulesDraft): boolean {
  if (path === 'defaultFacility' || path === 'defaultEhr' || path === 'fieldRules') return true;
  if (/^fieldRules\.\d+\.(source|target|transforms)/.test(path)) return true;
  if (/^guarantorRules\.mergedAccounts\.\d+\.(from|to)$/.test(path)) return true;
  if (!draft.dobEnabled) return false;
  return (
    path === 'guarantorRules.dateOfBirth.field' ||
    /^guarantorRules\.dateOfBirth\.rules\.\d+\.(account|dateOfBirth|survivingAccount)$/.test(path)
  );
}

type IssueOf = (path: string) => ReactNode;
type InvalidOf = (path: string) => Record<string, unknown>;

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
  issue: IssueOf;
  invalid: InvalidOf;
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
  issue: IssueOf;
  invalid: InvalidOf;
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

function EhrSelect({
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
      {EHR_SYSTEMS.map((e) => (
        <option key={e} value={e}>
          {EHR_LABEL[e]}
        </option>
      ))}
    </select>
  );
}
