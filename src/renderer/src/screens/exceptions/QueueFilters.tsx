import { useState, type SyntheticEvent } from 'react';
import { QUEUE_SORT_LABEL, QUEUE_SORTS, type QueueSort } from '../../../../shared/commands/console';
import {
  CHANNELS,
  EHR_LABEL,
  EHR_SYSTEMS,
  EXCEPTION_STATUSES,
  POSTING_STATUSES,
  TENDER_LABEL,
  TENDERS,
  type PostingStatus,
} from '../../../../shared/domain';
import { statusName } from '../../../../shared/words';
import { OneOrAll, Options } from '../../components/Options';
import { CHANNEL_LABEL } from '../../format';
import { EMPTY_FILTERS, useUi, type ExceptionFilters } from '../../stores/ui';

export const SEARCH_INPUT_ID = 'queue-search';

type TextFields = Pick<ExceptionFilters, 'search' | 'amount' | 'from' | 'to' | 'assignee'>;
const textOf = (f: ExceptionFilters): TextFields => ({
  search: f.search,
  amount: f.amount,
  from: f.from,
  to: f.to,
  assignee: f.assignee,
});

/**
 * Typed fields apply on Search (Enter), so the queue does not re-query on every keystroke; the choice
 * lists apply at once.
 */
export function QueueFilters({ problem, onSearched }: { problem: string | null; onSearched: () => void }) {
  const filters = useUi((s) => s.exceptionFilters);
  const setFilters = useUi((s) => s.setExceptionFilters);
  const [draft, setDraft] = useState<TextFields>(() => textOf(filters));
  const [applied, setApplied] = useState(filters);
  // A saved view or "Clear" changes the filters from outside: the typed fields follow.
  if (applied !== filters) {
    setApplied(filters);
    setDraft(textOf(filters));
  }

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setFilters({ ...draft, search: draft.search.trim(), amount: draft.amount.trim() });
    onSearched();
  };
  const text = (name: keyof TextFields) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  return (
    <form className="filters" role="search" aria-label="Find exceptions" onSubmit={submit}>
      <label>
        Account, encounter or transaction id
        <input id={SEARCH_INPUT_ID} {...text('search')} placeholder="e.g. G100234" autoComplete="off" />
      </label>
      <label>
        Amount
        <input {...text('amount')} inputMode="decimal" placeholder="125.50" className="narrow" />
      </label>
      <label>
        From
        <input type="date" {...text('from')} />
      </label>
      <label>
        To
        <input type="date" {...text('to')} />
      </label>
      <label>
        Assignee
        <input {...text('assignee')} placeholder="name, or - for nobody" className="narrow" />
      </label>
      <label>
        Status
        <select
          value={filters.statuses[0] ?? ''}
          onChange={(e) => setFilters({ statuses: e.target.value ? [e.target.value as PostingStatus] : [] })}
        >
          <option value="">All exceptions</option>
          <Options values={EXCEPTION_STATUSES} labels={statusName} />
          {/* A dashboard count of a closed status opens the queue filtered to it: the choice is shown here. */}
          <optgroup label="Not exceptions">
            <Options
              values={POSTING_STATUSES.filter((s) => !EXCEPTION_STATUSES.includes(s))}
              labels={statusName}
            />
          </optgroup>
        </select>
      </label>
      <OneOrAll
        label="EHR"
        value={filters.ehr}
        values={EHR_SYSTEMS}
        labels={EHR_LABEL}
        onChange={(ehr) => setFilters({ ehr })}
      />
      <OneOrAll
        label="Channel"
        value={filters.channel}
        values={CHANNELS}
        labels={CHANNEL_LABEL}
        onChange={(channel) => setFilters({ channel })}
      />
      <OneOrAll
        label="Tender"
        value={filters.tender}
        values={TENDERS}
        labels={TENDER_LABEL}
        onChange={(tender) => setFilters({ tender })}
      />
      <label>
        Sort
        <select value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value as QueueSort })}>
          <Options values={QUEUE_SORTS} labels={QUEUE_SORT_LABEL} />
        </select>
      </label>
      <button type="submit">Search</button>
      <button type="button" className="secondary" onClick={() => setFilters(EMPTY_FILTERS)}>
        Clear
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
