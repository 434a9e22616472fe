import { useState } from 'react';
import type { SavedView } from '../../../../shared/commands/console';
import { formatMinor } from '../../../../shared/money';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import { EMPTY_FILTERS, useUi, type ExceptionFilters } from '../../stores/ui';
import { CONSOLE_CURRENCY, type FilterResult } from './filter-query';

const isoDay = (ms: number): string => {
  const d = new Date(ms);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A saved view back into the form's fields (the `to` bound is exclusive in the query, inclusive on screen). */
function filtersOf(view: SavedView): ExceptionFilters {
  const q = view.query;
  return {
    ...EMPTY_FILTERS,
    statuses: q.statuses ?? [],
    ehr: q.ehr ?? null,
    channel: q.channel ?? null,
    tender: q.tender ?? null,
    search: q.search ?? '',
    amount: q.amountMinor === undefined ? '' : formatMinor(q.amountMinor, CONSOLE_CURRENCY),
    from: q.from === undefined ? '' : isoDay(q.from),
    to: q.to === undefined ? '' : isoDay(q.to - 1),
    assignee: q.assignee === null ? '-' : (q.assignee ?? ''),
    sort: q.sort,
  };
}

export function SavedViews({ current }: { current: FilterResult }) {
  const api = useApi();
  const views = useQuery('views.list', {}, ['saved_views']);
  const setFilters = useUi((s) => s.setExceptionFilters);
  const [chosen, setChosen] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const save = () => {
    if (!current.ok) return setMessage(current.message);
    if (!name.trim()) return setMessage('Give the view a name first.');
    api.invoke('views.save', { name: name.trim(), query: current.query }).then(
      (view) => {
        setChosen(view.id);
        setName('');
        setMessage(`Saved “${view.name}”.`);
        views.reload();
      },
      (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)),
    );
  };
  const remove = () => {
    if (chosen === null) return;
    api.invoke('views.delete', { id: chosen }).then(
      () => {
        setChosen(null);
        setMessage('View deleted.');
        views.reload();
      },
      (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <div className="views" aria-label="Saved views" role="group">
      <label>
        Saved view
        <select
          value={chosen ?? ''}
          onChange={(e) => {
            const id = e.target.value ? Number(e.target.value) : null;
            setChosen(id);
            const view = views.data?.find((v) => v.id === id);
            if (view) setFilters(filtersOf(view));
          }}
        >
          <option value="">{views.data?.length ? 'Choose a view…' : 'No saved views yet'}</option>
          {views.data?.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {chosen !== null && (
        <button type="button" className="secondary" onClick={remove}>
          Delete view
        </button>
      )}
      <label>
        New view name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} className="narrow" />
      </label>
      <button type="button" className="secondary" onClick={save}>
        Save current filters
      </button>
      <span className="muted" role="status">
        {message}
      </span>
    </div>
  );
}
