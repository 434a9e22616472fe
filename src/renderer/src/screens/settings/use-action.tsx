/** One button's work in Settings: busy while it runs, then a message that says what happened. */
import { useState } from 'react';
import { ApiError } from '../../../../shared/api-error';

export interface ActionResult {
  readonly ok: boolean;
  readonly text: string;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.issues?.length) {
    return `${error.message} ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  /** Runs `work` (its answer is the success message); a failure shows main's words. */
  const run = (name: string, work: () => Promise<string>): Promise<boolean> => {
    setBusy(name);
    setResult(null);
    return work()
      .then(
        (text) => {
          setResult({ ok: true, text });
          return true;
        },
        (error: unknown) => {
          setResult({ ok: false, text: errorText(error) });
          return false;
        },
      )
      .finally(() => setBusy(null));
  };
  return { busy, result, run, setResult };
}

export function ResultLine({ result, testId }: { result: ActionResult | null; testId?: string }) {
  if (!result) return null;
  return (
    <p
      className={result.ok ? 'form-ok' : 'form-error'}
      role={result.ok ? 'status' : 'alert'}
      data-testid={testId}
    >
      {result.text}
    </p>
  );
}
