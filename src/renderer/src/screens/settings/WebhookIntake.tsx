import type { WebhookIntakeView } from '../../../../shared/commands/settings';
import { formatWhen } from '../../format';

const READING: Record<NonNullable<WebhookIntakeView['subscriptions'][number]['signatureReading']>, string> = {
  'payload-text': 'the payload text as received (the guide)',
  'raw-body': 'the raw body',
  'payload-json': 'the re-serialised payload',
};

/** Read-only: Cybersource's message-encryption keys and how each webhook subscription is checked. */
export function WebhookIntake({ view }: { view: WebhookIntakeView }) {
  const [current, ...older] = view.mleKeys;
  return (
    <div data-testid="webhook-intake">
      <h2>Cybersource webhooks</h2>
      <p data-testid="mle-key">
        {current ? (
          <>
            Message-encryption key <code>{current.kid}</code>, SHA-256 <code>{current.fingerprint}</code>,{' '}
            {current.ageDays} day{current.ageDays === 1 ? '' : 's'} old
            {older.length > 0 ? ` (${String(older.length)} older key(s) still decrypt)` : ''}. Register it
            with <code>clearpost mle-key</code>.
          </>
        ) : (
          <>
            No message-encryption key yet: it is made on first use (<code>clearpost mle-key</code>).
          </>
        )}
      </p>
      {view.subscriptions.map((s) => (
        <p key={s.keyId} data-testid="webhook-subscription">
          Key id <code>{s.keyId}</code>
          {s.webhookId ? (
            <>
              , webhook id <code>{s.webhookId}</code>
            </>
          ) : (
            ', webhook id not checked'
          )}
          ; timestamp tolerance {s.toleranceMinutes === 'off' ? 'off' : `${String(s.toleranceMinutes)} min`};
          signed over{' '}
          {s.signatureReading
            ? `${READING[s.signatureReading]} (since ${formatWhen(s.signatureReadingSince ?? 0)})`
            : 'nothing yet (no notification received)'}
          .{s.warning && <strong className="warning"> {s.warning}</strong>}
        </p>
      ))}
    </div>
  );
}
