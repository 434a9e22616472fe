import type { EmailTestResult } from '../../../../shared/commands/settings';

/** The "Send a test email" panel: one message through the saved settings, and what the server said. */
export function EmailTest({
  dirty,
  disabled,
  sending,
  result,
  onSend,
}: {
  dirty: boolean;
  disabled: boolean;
  sending: boolean;
  result: EmailTestResult | null;
  onSend: () => void;
}) {
  return (
    <div className="panel">
      <h3>Send a test email</h3>
      <p className="muted">
        Sends one message through the saved settings to every recipient.
        {dirty && ' Save your changes first to test them.'}
      </p>
      <button type="button" onClick={onSend} disabled={disabled}>
        {sending ? 'Sending…' : 'Send test email'}
      </button>
      {result && (
        <div
          className={`test-result ${result.ok ? 'test-ok' : 'test-bad'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid="email-test-result"
        >
          <strong>{result.ok ? 'Sent.' : 'Not sent.'}</strong> {result.message}
        </div>
      )}
    </div>
  );
}
