import type { ReactNode } from 'react';

/**
 * A Settings test panel (test email, test connection, test the reporting account): what the test does, its
 * button, and the answer — a status when it worked, an alert when it did not.
 */
export function TestPanel({
  title,
  what,
  dirty,
  label,
  running,
  runningLabel,
  disabled,
  onRun,
  children,
}: {
  title: string;
  /** What the test does, in a sentence (and why it cannot run now, if so). */
  what: ReactNode;
  dirty: boolean;
  label: string;
  running: boolean;
  runningLabel: string;
  disabled: boolean;
  onRun: () => void;
  /** The answer, once there is one (a `TestAnswer`). */
  children?: ReactNode;
}) {
  return (
    <div className="panel">
      <h3>{title}</h3>
      <p className="muted">
        {what}
        {dirty && ' Save your changes first to test them.'}
      </p>
      <button type="button" onClick={onRun} disabled={disabled}>
        {running ? runningLabel : label}
      </button>
      {children}
    </div>
  );
}

/** A test's answer: a status when it worked, an alert when it did not. */
export function TestAnswer({ ok, testId, children }: { ok: boolean; testId: string; children: ReactNode }) {
  return (
    <div
      className={`test-result ${ok ? 'test-ok' : 'test-bad'}`}
      role={ok ? 'status' : 'alert'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
