import { FIELD, type ConnectionDraft } from './connection-draft';
import { Field } from './section';

type TextKey = Exclude<keyof ConnectionDraft, 'sites' | 'enabled'>;

/** A connection's own fields: where it is, who it signs in as, its timeouts and retry windows. */
export function ConnectionFields({
  draft,
  issues,
  onChange,
}: {
  draft: ConnectionDraft;
  /** Messages by the settings path below the connection (see FIELD). */
  issues: Readonly<Record<string, string>>;
  onChange: <K extends keyof ConnectionDraft>(key: K, value: ConnectionDraft[K]) => void;
}) {
  const input = (
    label: string,
    key: TextKey,
    extra: { inputMode?: 'decimal'; placeholder?: string; hint?: string } = {},
  ) => (
    <Field label={label} error={issues[FIELD[key]]} hint={extra.hint}>
      <input
        value={draft[key]}
        onChange={(e) => onChange(key, e.target.value)}
        aria-invalid={issues[FIELD[key]] ? true : undefined}
        autoComplete="off"
        inputMode={extra.inputMode}
        placeholder={extra.placeholder}
      />
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
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => onChange('enabled', e.target.checked)}
        />
        Enabled (Clearpost posts through this connection)
      </label>
      {input('Connect timeout (seconds)', 'connectTimeoutS', { inputMode: 'decimal' })}
      {input('Response timeout (seconds)', 'responseTimeoutS', { inputMode: 'decimal' })}
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
