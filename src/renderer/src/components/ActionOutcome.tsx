/**
 * What an action on a screen came to, said where the person is looking: a refusal as an alert (read out at
 * once), a success as a polite status. Either may be absent.
 */
export function ActionOutcome({ error, done }: { error: string | null; done?: string | null }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p role="status" aria-live="polite">
          {done}
        </p>
      )}
    </>
  );
}
