import { useEffect } from 'react';
import type { GoLiveItemId } from '../../../../shared/commands/go-live';
import { QueryView } from '../../components/QueryView';
import { useQuery } from '../../hooks/use-query';

const TITLE: Record<GoLiveItemId, string> = {
  connections: 'EHR connections tested',
  webhook: 'Webhook subscription configured',
  email: 'Email tested',
  supervisor: 'First supervisor created',
  schedule: 'Schedule set',
};

const DATABASE_STATE = {
  absent: 'not made yet: it is created, empty, at the restart',
  fresh: 'holds no payment yet',
  'in-use': 'already holds payments',
} as const;

/**
 * The guided switch from the sandbox to live EHRs. It only reads: it says what is done and what is left,
 * then which restart starts the engine against the saved connections on the production database (a file
 * apart from the sandbox's). It is read again after each save and each connection test.
 */
export function GoLiveChecklist({ view, tests }: { view: unknown; tests: number }) {
  const query = useQuery('settings.goLive', {}, ['audit_events']);
  const { reload } = query;
  useEffect(() => reload(), [view, tests, reload]);
  return (
    <section aria-labelledby="go-live-title" data-testid="go-live">
      <h2 id="go-live-title">Switch to live</h2>
      <QueryView query={query}>
        {(g) => {
          const left = g.items.filter((i) => !i.done).length;
          return (
            <>
              <ol className="check-list" aria-label="Switch-to-live checklist">
                {g.items.map((item) => (
                  <li key={item.id} data-testid={`go-live-${item.id}`} data-done={item.done}>
                    <span aria-hidden="true">{item.done ? '✔' : '○'}</span> <strong>{TITLE[item.id]}</strong>
                    <span className="visually-hidden">{item.done ? ' (done)' : ' (to do)'}</span>:{' '}
                    {item.detail}
                  </li>
                ))}
              </ol>
              <p>
                This Clearpost runs on the{' '}
                {g.running === 'sandbox' ? 'sandbox’s database' : 'production database'}. The production
                database <span className="mono">{g.productionDatabase.path}</span>{' '}
                {DATABASE_STATE[g.productionDatabase.state]}.
              </p>
              <p>
                {left === 0 ? 'Everything is ready.' : `${String(left)} item(s) left.`} To start the engine
                against the saved EHR connections on the production database (never the sandbox’s), restart
                with:
              </p>
              <pre className="mono" data-testid="go-live-restart">
                {g.restart.instruction}
              </pre>
              <p className="muted">
                This screen changes nothing itself.{' '}
                {g.restart.offered
                  ? '“Restart now” (shown when saved changes wait for a restart) restarts this Clearpost with its own options; with EHR connections saved, its sandbox stays off.'
                  : ''}
              </p>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
