import { Link, isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';

/**
 * What a screen shows when it throws while rendering: the navigation stays (this replaces the screen only),
 * with a way back and a retry. Without it one failing screen blanked the whole console.
 */
export function ScreenError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const detail = isRouteErrorResponse(error)
    ? `${String(error.status)} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <section className="state state-error" role="alert" aria-labelledby="screen-error-title">
      <h1 id="screen-error-title">This screen stopped working</h1>
      <p>
        Nothing was lost: payments keep posting and every other screen works. Go back, or try the screen
        again; if it keeps failing, tell Clearpost support what you were doing.
      </p>
      <details>
        <summary>Technical details</summary>
        <pre className="payload">{detail}</pre>
      </details>
      <div className="action-row">
        <button type="button" onClick={() => void navigate(-1)}>
          Go back
        </button>
        <button type="button" className="secondary" onClick={() => void navigate(0)}>
          Try again
        </button>
        <Link to="/">Dashboard</Link>
      </div>
    </section>
  );
}
