import type { SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { ResultLine, useAction } from './use-action';

/** How long to wait between asking whether Clearpost is back after a restart. */
const POLL_MS = 1_000;
const MAX_POLLS = 120;

/**
 * Saved connection and webhook changes apply at the next start: this says so, and offers the restart where
 * the host can do it (serve mode restarts in place on the same address); elsewhere it says what to do.
 */
export function RestartNotice({ view, canEdit }: { view: SettingsView; canEdit: boolean }) {
  const api = useApi();
  const action = useAction();
  if (!view.restartRequired) return null;

  const restart = () =>
    action.run('restart', async () => {
      const before = (await api.invoke('app.info', {})).startedAt;
      const answer = await api.invoke('settings.restart', {});
      // Back when app.info answers with a later start; the page then reloads with the new settings.
      for (let tries = 0; tries < MAX_POLLS; tries++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const info = await api.invoke('app.info', {}).catch(() => null);
        if (info && info.startedAt !== before) {
          window.location.reload();
          return answer.message;
        }
      }
      // On a new database (sandbox to live) this session does not exist there: the page asks to sign in.
      window.location.reload();
      return answer.message;
    });

  return (
    <div className="restart-note" role="status" data-testid="restart-required">
      <p>
        <strong>Restart needed.</strong> Saved EHR connection and webhook subscription changes take effect the
        next time Clearpost starts. Every other setting applies as soon as it is saved.
      </p>
      {canEdit &&
        (view.restartOffered ? (
          <button type="button" onClick={() => void restart()} disabled={action.busy !== null}>
            {action.busy ? 'Restarting…' : 'Restart now'}
          </button>
        ) : (
          <p className="muted">
            This Clearpost cannot restart itself: stop it and start it again (see “Switch to live” for the
            command).
          </p>
        ))}
      <ResultLine result={action.result} />
    </div>
  );
}
