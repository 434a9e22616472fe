import { Field } from '../../components/form/Field';
import type { CommandForm } from '../../components/form/use-command-form';
import type { ConnectionDraft } from './connection-draft';

export type ConnectionForm = CommandForm<'settings.save', ConnectionDraft>;

type TextKey = Exclude<keyof ConnectionDraft, 'sites' | 'enabled'>;

/** A connection's own fields: where it is, who it signs in as, its timeouts and retry windows. */
export function ConnectionFields({ of }: { of: ConnectionForm }) {
  const input = (
    label: string,
    key: TextKey,
    extra: { inputMode?: 'decimal'; placeholder?: string; hint?: string } = {},
  ) => (
    <Field of={of} name={key} label={label} hint={extra.hint}>
      {(c) => <input {...c} autoComplete="off" inputMode={extra.inputMode} placeholder={extra.placeholder} />}
    </Field>
  );
  return (
    <div className="settings-grid">
      {input('Name', 'name')}
      {input('Time zone', 'timeZone', { placeholder: 'America/Chicago', hint: 'IANA name' })}
      {input('Base URL', 'baseUrl', { placeholder: 'https://…' })}
      {input('Token URL', 'tokenUrl', { placeholder: 'https://…/oauth2/token' })}
      {input('Client id', 'clientId')}
      <label className="check settings-enabled">
        <input type="checkbox" {...of.form.register('enabled')} />
        Enabled (Clearpost posts through this connection)
      </label>
      {input('Connect timeout (seconds)', 'connectTimeoutS', { inputMode: 'decimal', hint: '0.1 to 120' })}
      {input('Response timeout (seconds)', 'responseTimeoutS', { inputMode: 'decimal', hint: '0.1 to 600' })}
      {input('Retry every (hours)', 'retryIntervalH', { inputMode: 'decimal' })}
      {input('Retry window (hours)', 'retryWindowH', {
        inputMode: 'decimal',
        hint: 'How long a failed posting is retried',
      })}
      {input('Not Applicable window (hours)', 'notApplicableWindowH', {
        inputMode: 'decimal',
        hint: 'How long a Not Applicable result is retried',
      })}
    </div>
  );
}
