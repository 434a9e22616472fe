/**
 * A connection's less common fields (connection-advanced-draft.ts), in their own panel with their own save
 * below the main form, so the main form stays short. Checked by the connection's own rules before saving;
 * saved like the rest: the whole settings document with this connection replaced, main's refusals beside
 * their fields.
 */
import { useState } from 'react';
import type { FieldPath } from 'react-hook-form';
import type { SettingsView } from '../../../../shared/commands/settings';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm, type CommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { advancedBinding, toAdvanced, type AdvancedDraft } from './connection-advanced-draft';
import type { ConnectionDoc } from './connection-draft';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import type { ActionResult } from './use-action';

type AdvancedForm = CommandForm<'settings.save', AdvancedDraft>;
type TextKey = 'scope' | 'tokenSkewS' | 'batchPrefix';
type ChoiceKey = 'clientAuth' | 'allocateTo' | 'voidType' | 'refundType' | 'accountPreference';

interface Props {
  view: SettingsView;
  index: number;
  blocked: boolean;
  onSaved: (view: SettingsView) => void;
}

export function ConnectionAdvanced(props: Props) {
  const connections = (props.view.settings.connections ?? []) as readonly ConnectionDoc[];
  const original = connections[props.index];
  return original ? <AdvancedPanel {...props} original={original} /> : null;
}

function text(of: AdvancedForm, label: string, name: FieldPath<AdvancedDraft>, hint?: string) {
  return (
    <Field of={of} name={name} label={label} hint={hint}>
      {(c) => <input {...c} autoComplete="off" inputMode={name === 'tokenSkewS' ? 'decimal' : undefined} />}
    </Field>
  );
}

/** A choice among the schema's own values, so the chosen one is always one of them. */
function choice(of: AdvancedForm, label: string, name: ChoiceKey, options: Record<string, string>) {
  return (
    <Field of={of} name={name} label={label}>
      {(c) => (
        <select {...c}>
          {Object.entries(options).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const REVERSAL = { payment: 'Payment', adjustment: 'Adjustment' };

function AdvancedPanel({ view, index, blocked, onSaved, original }: Props & { original: ConnectionDoc }) {
  const api = useApi();
  const hook = useCommandForm(advancedBinding(view, index, original));
  const { form } = hook;
  const [result, setResult] = useState<ActionResult | null>(null);
  const saving = form.formState.isSubmitting;

  const save = hook.onSubmit(async (args, values) => {
    setResult(null);
    const saved = await api.invoke('settings.save', args);
    form.reset(values);
    setResult({ ok: true, text: `Saved the advanced settings of ${original.name}.` });
    onSaved(saved);
  });
  const field = (label: string, name: TextKey, hint?: string) => text(hook, label, name, hint);

  return (
    <form
      className="panel"
      onSubmit={(e) => void save(e)}
      aria-label={`Advanced settings of ${original.name}`}
      noValidate
    >
      <h3>Advanced</h3>
      <FormStatus of={hook} />
      <div className="settings-grid">
        {field('OAuth2 scope', 'scope', "blank: the EHR's default scopes")}
        {choice(hook, 'Client authentication', 'clientAuth', {
          basic: 'HTTP Basic header (RFC 6749 default)',
          body: 'Client id and secret in the form body',
        })}
        {field('Token refresh margin (seconds)', 'tokenSkewS', 'refresh this long before the token expires')}
        {original.ehr === 'oracle_health' ? (
          <>
            {choice(hook, 'Allocate to', 'allocateTo', {
              encounter_first: "The encounter's balance first",
              account_first: 'The guarantor account first',
            })}
            {choice(hook, 'Void posted as', 'voidType', REVERSAL)}
            {choice(hook, 'Refund posted as', 'refundType', REVERSAL)}
            {Object.keys(original.sites ?? {}).map((site) => (
              <Field
                key={site}
                of={hook}
                name={`locations.${site}`}
                label={`Location of site ${site}`}
                hint="blank: none sent"
              />
            ))}
          </>
        ) : (
          <>
            {choice(hook, 'Account preference', 'accountPreference', {
              guarantor_first: 'The guarantor account first',
              hospital_first: 'The hospital account (encounter) first',
            })}
            {field('Batch prefix', 'batchPrefix', 'letters, digits and -, at most 20')}
          </>
        )}
      </div>
      <SaveButtons
        label="Save advanced settings"
        saving={saving}
        blocked={blocked || saving}
        dirty={form.formState.isDirty}
        onDiscard={() => {
          form.reset(toAdvanced(original));
          setResult(null);
        }}
      />
      <SaveOutcome result={result} unplaced={[]} />
    </form>
  );
}
