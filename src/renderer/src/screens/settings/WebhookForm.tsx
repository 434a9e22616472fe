import { z } from 'zod';
import { useWatch } from 'react-hook-form';
import { webhookSubscriptionFields, type SettingsView } from '../../../../shared/commands/settings';
import { Field, FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { fromWebhookDraft, toWebhookDraft, type WebhookDoc, type WebhookDraft } from './webhook-draft';
import { errorText, ResultLine, useAction } from './use-action';

/** Main's rules for one subscription's typed fields: the form shows them before saving the document. */
const WEBHOOK_RULES = z.object(webhookSubscriptionFields).strict();

type WebhookValues = WebhookDraft & { secret: string };

/** The typed fields as main reads them: "off" or whole minutes; anything else is left for the rule to refuse. */
function subscriptionInput(v: WebhookValues): unknown {
  const text = v.tolerance.trim().toLowerCase();
  const minutes = /^\d+$/.test(text) ? Number(text) : text;
  return {
    keyId: v.keyId,
    ...(v.webhookId.trim() ? { webhookId: v.webhookId } : {}),
    toleranceMinutes: text === 'off' ? 'off' : minutes,
  };
}

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
  const action = useAction();
  const webhooks = (view.settings.webhooks ?? []) as readonly WebhookDoc[];
  const withDoc = (doc: WebhookDoc) =>
    original ? webhooks.map((w) => (w.keyId === original.keyId ? doc : w)) : [...webhooks, doc];
  const hook = useCommandForm({
    command: 'settings.save',
    toArgs: (v: WebhookValues) => {
      const made = fromWebhookDraft(original, v);
      return { settings: { ...view.settings, webhooks: 'doc' in made ? withDoc(made.doc) : webhooks } };
    },
    rules: { schema: WEBHOOK_RULES, input: subscriptionInput },
    fields: { toleranceMinutes: 'tolerance' },
    defaultValues: { ...toWebhookDraft(original), secret: '' },
  });
  const webhookId = useWatch({ control: hook.form.control, name: 'webhookId' });
  const webhookIdChanged = original !== null && (original.webhookId ?? '') !== webhookId.trim();

  const save = hook.onSubmit(async (args, values) => {
    const made = fromWebhookDraft(original, values);
    if (!('doc' in made)) return;
    const { doc } = made;
    const { secret } = values;
    await action.run('save', async () => {
      if (original === null && webhooks.some((w) => w.keyId === doc.keyId)) {
        throw new Error(`A subscription with key id ${doc.keyId} is saved already: edit it instead.`);
      }
      if ((original === null || webhookIdChanged) && secret === '') {
        throw new Error('Type the shared secret: it is bound to the key id and webhook id saved with it.');
      }
      const saved = await api.invoke('settings.save', args);
      onSaved(saved);
      if (secret !== '') {
        try {
          await api.invoke('secrets.set', { name: doc.keyRef, value: secret });
        } catch (error) {
          throw new Error(`Saved, but the shared secret was not stored: ${errorText(error)}`);
        }
        onSaved({ ...saved, secrets: await api.invoke('secrets.status', {}) });
      }
      hook.form.setValue('secret', '');
      onDone();
      return `Saved the subscription with key id ${doc.keyId}.`;
    });
  });

  const busy = action.busy !== null;
  return (
    <form
      className="panel"
      onSubmit={(e) => void save(e)}
      aria-label={original ? `Webhook subscription ${original.keyId}` : 'New webhook subscription'}
      noValidate
    >
      <h3>{original ? `Key id ${original.keyId}` : 'Add a webhook subscription'}</h3>
      <FormStatus of={hook} />
      <div className="settings-grid">
        <Field of={hook} name="keyId" label="Key id" hint="from the subscription's digital signature key">
          {(c) => <input {...c} disabled={original !== null} autoComplete="off" />}
        </Field>
        <Field of={hook} name="webhookId" label="Webhook id" hint="optional; checked only when given" />
        <Field of={hook} name="tolerance" label="Timestamp tolerance" hint="minutes, or off" />
        <Field of={hook} name="secret" label={original ? 'New shared secret' : 'Shared secret'}>
          {(c) => <input {...c} type="password" autoComplete="new-password" />}
        </Field>
      </div>
      {webhookIdChanged && (
        <p className="warn" role="note">
          A new webhook id needs the shared secret typed again: the stored one is bound to the old id.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : original ? 'Save subscription' : 'Add subscription'}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
      <ResultLine result={action.result} />
    </form>
  );
}
