import type { EmailTestResult } from '../../../../shared/commands/settings';
import { TestAnswer, TestPanel } from './TestPanel';

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
    <TestPanel
      title="Send a test email"
      what="Sends one message through the saved settings to every recipient."
      dirty={dirty}
      label="Send test email"
      running={sending}
      runningLabel="Sending…"
      disabled={disabled}
      onRun={onSend}
    >
      {result && (
        <TestAnswer ok={result.ok} testId="email-test-result">
          <strong>{result.ok ? 'Sent.' : 'Not sent.'}</strong> {result.message}
        </TestAnswer>
      )}
    </TestPanel>
  );
}
