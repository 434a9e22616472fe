import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { SettingsView } from '../../../../shared/commands/settings';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import type { ConnectionDoc } from './connection-draft';
import {
  EMPTY_DRAFT,
  NEW_CONNECTION_RULES,
  newConnectionDoc,
  newConnectionFields,
  newConnectionInput,
  type NewConnectionDraft,
} from './new-connection-draft';
import { errorText, ResultLine, type ActionResult } from './use-action';

type NewConnectionValues = NewConnectionDraft & { secret: string };
type TextKey = Exclude<keyof NewConnectionDraft, 'ehr'>;

/**
 * Adds an EHR connection: checked with the connection's own rules (the ones main saves it with), saved, then
 * its client secret is sealed in the vault for the token URL and base URL just saved. Nothing is posted
 * through it before a restart.
 */
export function NewConnection({
  view,
  onSaved,
  onAdded,
  onCancel,
}: {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
  onAdded: (id: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [result, setResult] = useState<ActionResult | null>(null);
  const connections = (view.settings.connections ?? []) as readonly ConnectionDoc[];
  const hook = useCommandForm({
    command: 'settings.save',
    toArgs: (v: NewConnectionValues) => ({
      settings: { ...view.settings, connections: [...connections, newConnectionDoc(v)] },
    }),
    rules: { schema: NEW_CONNECTION_RULES, input: newConnectionInput },
    fields: newConnectionFields(connections.length),
    defaultValues: { ...EMPTY_DRAFT, secret: '' },
  });
  const { form } = hook;
  const ehr = useWatch({ control: form.control, name: 'ehr' });

  const add = hook.onSubmit(async (args, values) => {
    setResult(null);
    const connection = newConnectionDoc(values);
    const saved = await api.invoke('settings.save', args);
    onSaved(saved);
    if (values.secret !== '') {
      try {
        await api.invoke('secrets.set', { name: connection.clientSecretRef, value: values.secret });
        onSaved({ ...saved, secrets: await api.invoke('secrets.status', {}) });
      } catch (error) {
        // The connection is saved; only its secret is missing, which its editor can set.
        setResult({ ok: false, text: `Added, but the client secret was not stored: ${errorText(error)}` });
        return;
      }
    }
    form.setValue('secret', '');
    onAdded(connection.id);
  });

  const input = (label: string, key: TextKey, placeholder?: string, hint?: string) => (
    <Field of={hook} name={key} label={label} hint={hint}>
      {(c) => <input {...c} autoComplete="off" placeholder={placeholder} />}
    </Field>
  );

  return (
    <form className="panel" onSubmit={(e) => void add(e)} aria-label="New EHR connection" noValidate>
      <h3>Add an EHR connection</h3>
      <FormStatus of={hook} />
      <div className="settings-grid">
        <Field of={hook} name="ehr" label="EHR">
          {(c) => (
            <select {...c}>
              <option value="oracle_health">Oracle Health (Millennium FHIR R4)</option>
              <option value="epic">Epic</option>
            </select>
          )}
        </Field>
        {input('Connection id', 'id', 'oracle-main', 'never changes once saved')}
        {input('Name', 'name', 'Oracle Health – Main campus')}
        {input('Base URL', 'baseUrl', 'https://…')}
        {input('Token URL', 'tokenUrl', 'https://…/token')}
        {input('Client id', 'clientId')}
        {input('Time zone', 'timeZone', 'America/Chicago', 'IANA name')}
        <Field
          of={hook}
          name="secret"
          label="Client secret"
          hint="Sealed in the vault for the token URL above; never shown again."
        >
          {(c) => <input {...c} type="password" autoComplete="new-password" />}
        </Field>
      </div>
      {ehr === 'oracle_health' && (
        <fieldset className="settings-sites">
          <legend>First site and the aliases its patient accounting team defined</legend>
          <div className="settings-grid">
            {input('Site code', 'site', 'MAIN', 'as payments name the facility')}
            {input('One-time payment alias', 'oneTime')}
            {input('Payment plan alias', 'plan')}
            {input('Reversal alias', 'reversal')}
            {input('Refund alias', 'refund')}
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Adding…' : 'Add connection'}
        </button>
        <button type="button" onClick={onCancel} disabled={form.formState.isSubmitting}>
          Cancel
        </button>
      </div>
      <ResultLine result={result} />
    </form>
  );
}
