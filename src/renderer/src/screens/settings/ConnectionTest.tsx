import type { ConnectionTestResult } from '../../../../shared/commands/settings';
import { TestAnswer, TestPanel } from './TestPanel';

/** A test's answer, or why it could not run at all. */
export type TestOutcome = ConnectionTestResult | { readonly error: string };

const STAGE_WORDS: Record<ConnectionTestResult['stage'], string> = {
  disabled: 'Not tested',
  secret: 'Stopped at the client secret',
  token: 'Stopped when asking for a token',
  lookup: 'Stopped at the test lookup',
  done: 'Connection works',
};

/** The "Test connection" panel: what the test does, its button, and where it stopped and how long it took. */
export function ConnectionTest({
  ehrName,
  dirty,
  savedEnabled,
  disabled,
  testing,
  outcome,
  onTest,
}: {
  ehrName: string;
  dirty: boolean;
  savedEnabled: boolean;
  disabled: boolean;
  testing: boolean;
  outcome: TestOutcome | null;
  onTest: () => void;
}) {
  return (
    <TestPanel
      title="Test connection"
      what={
        <>
          Uses the saved settings and the stored secret: asks {ehrName} for a token, then does a lookup that
          reads and never writes.
          {!savedEnabled && ' This connection is disabled: enable it and save to test it.'}
        </>
      }
      dirty={dirty}
      label="Test connection"
      running={testing}
      runningLabel="Testing…"
      disabled={disabled || dirty || !savedEnabled}
      onRun={onTest}
    >
      {outcome && <OutcomeAnswer outcome={outcome} />}
    </TestPanel>
  );
}

function OutcomeAnswer({ outcome }: { outcome: TestOutcome }) {
  const bad = 'error' in outcome || !outcome.ok;
  return (
    <TestAnswer ok={!bad} testId="test-result">
      {'error' in outcome ? (
        <>
          <strong>The test could not run.</strong> {outcome.error}
        </>
      ) : (
        <>
          <strong>{STAGE_WORDS[outcome.stage]}.</strong> {outcome.message}
          {(outcome.tokenMs !== null || outcome.lookupMs !== null) && (
            <span className="muted">
              {' '}
              (token {outcome.tokenMs === null ? '—' : `${String(outcome.tokenMs)} ms`}, lookup{' '}
              {outcome.lookupMs === null ? '—' : `${String(outcome.lookupMs)} ms`})
            </span>
          )}
        </>
      )}
    </TestAnswer>
  );
}
