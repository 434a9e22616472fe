/** Settings › Cybersource reporting: "Test" makes one signed request with the saved account and says what happened. */
import { useState } from 'react';
import type { ReportingTestResult } from '../../../../shared/commands/reporting';
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
    <div className="panel">
      <h3>Test the reporting account</h3>
      <p className="muted">
        Makes one signed request to Cybersource with the saved account: it downloads yesterday’s report for
        the first organization and imports nothing.
        {dirty && ' Save your changes first to test them.'}
      </p>
      <button type="button" onClick={runTest} disabled={testing || blocked}>
        {testing ? 'Testing…' : 'Test'}
      </button>
      {test && (
        <div
          className={`test-result ${test.ok ? 'test-ok' : 'test-bad'}`}
          role={test.ok ? 'status' : 'alert'}
          data-testid="reporting-test-result"
        >
          <strong>{test.ok ? 'It works.' : 'It did not work.'}</strong> {test.message}
          {test.httpStatus !== null && ` (Cybersource answered HTTP ${String(test.httpStatus)}.)`}
        </div>
      )}
    </div>
  );
}
