/** Settings › Cybersource reporting: "Test" makes one signed request with the saved account and says what happened. */
import { useState } from 'react';
import type { ReportingTestResult } from '../../../../shared/commands/reporting';
import { TestAnswer, TestPanel } from './TestPanel';
import { useApi } from '../../hooks/api-context';

export function ReportingTest({
  dirty,
  blocked,
  testing,
  onTesting,
}: {
  /** Unsaved changes: the test runs with what is saved. */
  readonly dirty: boolean;
  readonly blocked: boolean;
  readonly testing: boolean;
  readonly onTesting: (testing: boolean) => void;
}) {
  const api = useApi();
  const [test, setTest] = useState<ReportingTestResult | null>(null);
  const runTest = () => {
    onTesting(true);
    setTest(null);
    api
      .invoke('settings.testReporting', {})
      .then(setTest, (error: unknown) =>
        setTest({
          ok: false,
          stage: 'request',
          message: error instanceof Error ? error.message : String(error),
          httpStatus: null,
        }),
      )
      .finally(() => onTesting(false));
  };
  return (
    <TestPanel
      title="Test the reporting account"
      what="Makes one signed request to Cybersource with the saved account: it downloads yesterday’s report for the first organization and imports nothing."
      dirty={dirty}
      label="Test"
      running={testing}
      runningLabel="Testing…"
      disabled={testing || blocked}
      onRun={runTest}
    >
      {test && (
        <TestAnswer ok={test.ok} testId="reporting-test-result">
          <strong>{test.ok ? 'It works.' : 'It did not work.'}</strong> {test.message}
          {test.httpStatus !== null && ` (Cybersource answered HTTP ${String(test.httpStatus)}.)`}
        </TestAnswer>
      )}
    </TestPanel>
  );
}
