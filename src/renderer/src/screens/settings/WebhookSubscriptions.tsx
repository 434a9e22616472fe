import { useState } from 'react';
import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { WebhookForm } from './WebhookForm';
import type { WebhookDoc } from './webhook-draft';
import { SavedTable, SecretCell } from './SavedTable';
import { secretOf } from './SecretEntry';
import { ResultLine, useAction } from './use-action';

/**
 * Cybersource webhook subscriptions, saved in settings with their shared secrets in the vault: add, edit,
 * remove. `serve --webhook-*` still works and replaces the saved subscription with the same key id.
 */
export function WebhookSubscriptions({
  view: v,
  onSaved,
}: {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
}) {
  const api = useApi();
  const [editing, setEditing] = useState<{ readonly keyId: string | null } | null>(null);
  const remove = useAction();
  const webhooks = (v.settings.webhooks ?? []) as readonly WebhookDoc[];
  const key = v.webhookIntake?.mleKeys[0];

  const removeOne = (w: WebhookDoc) =>
    void remove.run('remove', async () => {
      let saved = await api.invoke('settings.save', {
        settings: { ...v.settings, webhooks: webhooks.filter((other) => other.keyId !== w.keyId) },
      });
      if ((saved.secrets.find((s) => s.name === w.keyRef)?.usedBy.length ?? 0) === 0) {
        await api.invoke('secrets.delete', { name: w.keyRef });
        saved = { ...saved, secrets: await api.invoke('secrets.status', {}) };
      }
      setEditing(null);
      onSaved(saved);
      return `Removed the subscription with key id ${w.keyId} and its shared secret.`;
    });

  return (
    <div data-testid="webhook-subscriptions">
      <h3>Webhook subscriptions</h3>
      <p className="muted">
        Each notification is checked against the shared secret of its key id (kept in the vault, never shown).
        Changes apply at the next start. A subscription given to <code>clearpost serve --webhook-*</code>{' '}
        replaces the saved one with the same key id.
      </p>
      <p>
        Message-encryption key fingerprint (SHA-256, read-only):{' '}
        <code data-testid="mle-fingerprint">{key ? key.fingerprint : 'not made yet'}</code>
      </p>
      {webhooks.length === 0 ? (
        <p className="state state-empty">No webhook subscription is saved.</p>
      ) : (
        <SavedTable
          label="Webhook subscriptions"
          columns={['Key id', 'Webhook id', 'Timestamp tolerance', 'Shared secret']}
          rows={webhooks}
          keyOf={(w) => w.keyId}
          cells={(w) => (
            <>
              <td className="mono">{w.keyId}</td>
              <td className="mono">{w.webhookId ?? 'not checked'}</td>
              <td>{w.toleranceMinutes === 'off' ? 'off' : `${String(w.toleranceMinutes ?? 5)} min`}</td>
              <SecretCell set={secretOf(v, w.keyRef)?.set ?? false} />
            </>
          )}
          actions={(w) => (
            <>
              <button
                type="button"
                onClick={() => setEditing({ keyId: w.keyId })}
                aria-label={`Edit key id ${w.keyId}`}
              >
                Edit
              </button>
              <button
                type="button"
                onClick={() => removeOne(w)}
                disabled={remove.busy !== null}
                aria-label={`Remove key id ${w.keyId}`}
              >
                Remove
              </button>
            </>
          )}
        />
      )}
      <ResultLine result={remove.result} />
      {editing === null ? (
        <button type="button" onClick={() => setEditing({ keyId: null })}>
          Add a webhook subscription
        </button>
      ) : (
        <WebhookForm
          key={editing.keyId ?? ''}
          view={v}
          original={webhooks.find((w) => w.keyId === editing.keyId) ?? null}
          onSaved={onSaved}
          onDone={() => setEditing(null)}
        />
      )}
    </div>
  );
}
