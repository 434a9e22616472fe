/**
 * A connection's less common fields (connection-advanced-draft.ts), in their own panel with their own save
 * below the main form, so the main form stays short. Saved like the rest: the whole settings document with
 * this connection replaced, main's messages beside their fields.
 */
import { useState, type SyntheticEvent } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { ADVANCED_FIELD, applyAdvanced, toAdvanced, type AdvancedDraft } from './connection-advanced-draft';
import type { ConnectionDoc } from './connection-draft';
import { FIX_FIELDS, refusal } from './save-refusal';
import { Field } from './section';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import type { ActionResult } from './use-action';

type Key = keyof typeof ADVANCED_FIELD;

export function ConnectionAdvanced({
  view,
  index,
  blocked,
  onSaved,
}: {
  view: SettingsView;
  index: number;
  blocked: boolean;
  onSaved: (view: SettingsView) => void;
}) {
  const api = useApi();
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[index];
  const [draft, setDraft] = useState<AdvancedDraft | null>(original ? toAdvanced(original) : null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [saving, setSaving] = useState(false);
  if (!original || !draft) return null;
  const prefix = `connections.${String(index)}.`;
  const dirty = JSON.stringify(draft) !== JSON.stringify(toAdvanced(original));
  const edit = <K extends keyof AdvancedDraft>(key: K, value: AdvancedDraft[K]) =>
    setDraft((d) => (d ? { ...d, [key]: value } : d));

  const text = (label: string, key: Key & ('scope' | 'tokenSkewS' | 'batchPrefix'), hint?: string) => (
    <Field label={label} error={issues[ADVANCED_FIELD[key]]} hint={hint}>
      <input value={draft[key]} onChange={(e) => edit(key, e.target.value)} autoComplete="off" />
    </Field>
  );
  type ChoiceKey = Exclude<Key, 'scope' | 'tokenSkewS' | 'batchPrefix'>;
  // The options are the schema's own values, so the chosen one is one of them.
  const choose = (key: ChoiceKey, value: string) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const choice = (label: string, key: ChoiceKey, options: Record<string, string>) => (
    <Field label={label} error={issues[ADVANCED_FIELD[key]]}>
      <select value={draft[key]} onChange={(e) => choose(key, e.target.value)}>
        {Object.entries(options).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </Field>
  );

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const { connection, issues: local } = applyAdvanced(original, draft);
    setResult(null);
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setResult({ ok: false, text: FIX_FIELDS });
      return;
    }
    setSaving(true);
    const settings = {
      ...view.settings,
      connections: connections.map((c, i) => (i === index ? connection : c)),
    };
    api
      .invoke('settings.save', { settings })
      .then(
        (saved) => {
          setIssues({});
          setOther([]);
          setResult({ ok: true, text: `Saved the advanced settings of ${original.name}.` });
          onSaved(saved);
        },
        (error: unknown) => {
          const refused = refusal(error, (path) =>
            path.startsWith(prefix) ? path.slice(prefix.length) : null,
          );
          setIssues(refused.byField);
          setOther(refused.other);
          setResult({ ok: false, text: refused.text });
        },
      )
      .finally(() => setSaving(false));
  };

  return (
    <form className="panel" onSubmit={save} aria-label={`Advanced settings of ${original.name}`} noValidate>
      <h3>Advanced</h3>
      <div className="settings-grid">
        {text('OAuth2 scope', 'scope', "blank: the EHR's default scopes")}
        {choice('Client authentication', 'clientAuth', {
          basic: 'HTTP Basic header (RFC 6749 default)',
          body: 'Client id and secret in the form body',
        })}
        {text('Token refresh margin (seconds)', 'tokenSkewS', 'refresh this long before the token expires')}
        {original.ehr === 'oracle_health' ? (
          <>
            {choice('Allocate to', 'allocateTo', {
              encounter_first: "The encounter's balance first",
              account_first: 'The guarantor account first',
            })}
            {choice('Void posted as', 'voidType', { payment: 'Payment', adjustment: 'Adjustment' })}
            {choice('Refund posted as', 'refundType', { payment: 'Payment', adjustment: 'Adjustment' })}
            {Object.keys(draft.locations).map((site) => (
              <Field
                key={site}
                label={`Location of site ${site}`}
                error={issues[`sites.${site}.location`]}
                hint="blank: none sent"
              >
                <input
                  value={draft.locations[site] ?? ''}
                  onChange={(e) => edit('locations', { ...draft.locations, [site]: e.target.value })}
                  autoComplete="off"
                />
              </Field>
            ))}
          </>
        ) : (
          <>
            {choice('Account preference', 'accountPreference', {
              guarantor_first: 'The guarantor account first',
              hospital_first: 'The hospital account (encounter) first',
            })}
            {text('Batch prefix', 'batchPrefix', 'letters, digits and -, at most 20')}
          </>
        )}
      </div>
      <SaveButtons
        label="Save advanced settings"
        saving={saving}
        blocked={blocked || saving}
        dirty={dirty}
        onDiscard={() => {
          setDraft(toAdvanced(original));
          setIssues({});
          setOther([]);
          setResult(null);
        }}
      />
      <SaveOutcome result={result} unplaced={other} />
    </form>
  );
}
