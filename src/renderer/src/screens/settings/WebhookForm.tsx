import { useState, type SyntheticEvent } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { fromWebhookDraft, toWebhookDraft, type WebhookDoc, type WebhookDraft } from './webhook-draft';
import { Field } from './section';
import { errorText, ResultLine, useAction } from './use-action';

/**
 * Adds or edits one subscription. The subscription is saved first, then its shared secret is sealed for it
 * (a secret is bound to what the saved settings name). A new webhook id binds the secret anew, so it is
 * typed again then.
 */
export function WebhookForm({
  view,
  original,
  onSaved,
  onDone,
}: {
  view: SettingsView;
  original: WebhookDoc | null;
  onSaved: (view: SettingsView) => void;
  onDone: () => void;
}) {
  const api = useApi();
  const [draft, setDraft] = useState<WebhookDraft>(toWebhookDraft(original));
  const [secret, setSecret] = useState('');
  const [toleranceError, setToleranceError] = useState<string | undefined>();
  const action = useAction();
  const webhooks = (view.settings.webhooks ?? []) as readonly WebhookDoc[];
  const edit = (key: keyof WebhookDraft, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const webhookIdChanged = original !== null && (original.webhookId ?? '') !== draft.webhookId.trim();

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const made = fromWebhookDraft(original, draft);
    setToleranceError('toleranceError' in made ? made.toleranceError : undefined);
    if ('toleranceError' in made) return;
    const doc = made.doc;
    void action.run('save', async () => {
      if (original === null && webhooks.some((w) => w.keyId === doc.keyId)) {
        throw new Error(`A subscription with key id ${doc.keyId} is saved already: edit it instead.`);
      }
      if ((original === null || webhookIdChanged) && secret === '') {
        throw new Error('Type the shared secret: it is bound to the key id and webhook id saved with it.');
      }
      const next = original
        ? webhooks.map((w) => (w.keyId === original.keyId ? doc : w))
        : [...webhooks, doc];
      const saved = await api.invoke('settings.save', { settings: { ...view.settings, webhooks: next } });
      onSaved(saved);
      if (secret !== '') {
        try {
          await api.invoke('secrets.set', { name: doc.keyRef, value: secret });
        } catch (error) {
          throw new Error(`Saved, but the shared secret was not stored: ${errorText(error)}`);
        }
        onSaved({ ...saved, secrets: await api.invoke('secrets.status', {}) });
      }
      setSecret('');
      onDone();
      return `Saved the subscription with key id ${doc.keyId}.`;
    });
  };

  return (
    <form
      className="panel"
      onSubmit={save}
      aria-label={original ? `Webhook subscription ${original.keyId}` : 'New webhook subscription'}
      noValidate
    >
      <h3>{original ? `Key id ${original.keyId}` : 'Add a webhook subscription'}</h3>
      <div className="settings-grid">
        <Field label="Key id" error={undefined} hint="from the subscription's digital signature key">
          <input
            value={draft.keyId}
            onChange={(e) => edit('keyId', e.target.value)}
            disabled={original !== null}
            autoComplete="off"
          />
        </Field>
        <Field label="Webhook id" error={undefined} hint="optional; checked only when given">
          <input
            value={draft.webhookId}
            onChange={(e) => edit('webhookId', e.target.value)}
            autoComplete="off"
          />
        </Field>
        <Field label="Timestamp tolerance" error={toleranceError} hint="minutes, or off">
          <input
            value={draft.tolerance}
            onChange={(e) => edit('tolerance', e.target.value)}
            aria-invalid={toleranceError ? true : undefined}
            autoComplete="off"
          />
        </Field>
        <label className="field">
          <span>{original ? 'New shared secret' : 'Shared secret'}</span>
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="new-password"
          />
        </label>
      </div>
      {webhookIdChanged && (
        <p className="warn" role="note">
          A new webhook id needs the shared secret typed again: the stored one is bound to the old id.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={action.busy !== null}>
          {action.busy ? 'Saving…' : original ? 'Save subscription' : 'Add subscription'}
        </button>
        <button type="button" onClick={onDone} disabled={action.busy !== null}>
          Cancel
        </button>
      </div>
      <ResultLine result={action.result} />
    </form>
  );
}
