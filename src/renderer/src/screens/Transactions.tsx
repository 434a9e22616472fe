import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { CommandArgs } from '../../../shared/contract';
import type { QueueFilterInput } from '../../../shared/commands/console';
import { POSTING_STATUSES } from '../../../shared/domain';
import { count, statusName } from '../../../shared/words';
import { Field, FormStatus } from '../components/form/Field';
import { Options } from '../components/Options';
import { PagedListView } from '../components/PagedListView';
import { useCommandForm } from '../components/form/use-command-form';
import { formatMoney } from '../format';
import { useApi } from '../hooks/api-context';
import { useKeysetList } from '../hooks/use-keyset-list';
import { useQuery } from '../hooks/use-query';
import { saveCsv } from '../save-file';
import { useUi, type TransactionFilters } from '../stores/ui';
import { EXPORT_MAX, fetchAll } from './transactions/export-all';
import { toTransactionQuery } from './transactions/transaction-query';
import { signedTotals, transactionsCsv, transactionsFileName } from './transactions/transactions-csv';
import { TransactionsTable } from './transactions/TransactionsTable';

/** "1,234 payments" or "more than 10,000 payments" when the count stopped at its cap. */
function CountLine({ filter }: { filter: QueueFilterInput }) {
  const counted = useQuery('queue.count', filter, ['postings', 'payment_events']);
  if (!counted.data) return null;
  const { count: n, capped } = counted.data;
  return (
    <p className="muted" role="status" data-testid="transactions-count">
      {capped ? `More than ${count(n, 'payment')}` : count(n, 'payment')} match.
    </p>
  );
}

/**
 * The search as `queue.list` arguments, judged by that command's schema. A backwards date range is the
 * form's own rule (said on submit); the arguments then leave the dates out.
 */
function transactionArgs(form: TransactionFilters): CommandArgs<'queue.list'> {
  const query = toTransactionQuery(form);
  if (query.ok) return query.query;
  const undated = toTransactionQuery({ ...form, from: '', to: '' });
  return undated.ok ? undated.query : { sort: 'newest' };
}

/**
 * Every payment, whatever became of it — posted, manual, in the daily file, or still an exception —
 * found by guarantor account, encounter or processor transaction id, within a date range. Each opens the
 * same detail view as the exception queue; the list found can be saved as CSV with signed amounts.
 */
export function Transactions() {
  const api = useApi();
  const applied = useUi((s) => s.transactionFilters);
  const apply = useUi((s) => s.setTransactionFilters);
  const search = useCommandForm({
    command: 'queue.list',
    toArgs: transactionArgs,
    fields: { statuses: 'status' },
    defaultValues: applied,
  });
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const parsed = toTransactionQuery(applied);
  const list = useKeysetList(parsed.ok ? parsed.query : null);

  // The form's own rule (a range must not end before it starts) is said as the dates are typed.
  const typed = useWatch({ control: search.form.control }) as TransactionFilters;
  const formProblem = toTransactionQuery({ ...applied, ...typed });

  const submit = search.onSubmit((_args, values) => {
    const query = toTransactionQuery(values);
    if (!query.ok) search.form.setError('root', { type: 'range', message: query.message });
    else apply({ ...values, search: values.search.trim() });
    return Promise.resolve();
  });
  const exportCsv = () => {
    if (!parsed.ok) return;
    setExporting(true);
    setExportNote(null);
    fetchAll(api, parsed.query)
      .then(({ rows, truncated }) => {
        saveCsv(transactionsCsv(rows), transactionsFileName(new Date()));
        const net = [...signedTotals(rows)].map(([c, t]) => formatMoney(t.net, c)).join(' + ');
        setExportNote(
          `Saved ${count(rows.length, 'payment')}${net ? `, net ${net}` : ''}.` +
            (truncated
              ? ` Only the newest ${EXPORT_MAX.toLocaleString('en-US')}: narrow the dates for the rest.`
              : ''),
        );
      })
      .catch((e: unknown) => setExportNote(`Not saved: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setExporting(false));
  };

  return (
    <section aria-labelledby="transactions-title">
      <h1 id="transactions-title">Transactions</h1>
      <form className="filters" role="search" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          of={search}
          name="search"
          label="Account, encounter or transaction id"
          className="filter-field"
        >
          {(c) => <input {...c} placeholder="e.g. G100234" autoComplete="off" />}
        </Field>
        <Field of={search} name="status" label="Status" className="filter-field">
          {(c) => (
            <select {...c}>
              <Options values={POSTING_STATUSES} labels={statusName} none="Any status" />
            </select>
          )}
        </Field>
        <Field of={search} name="from" label="From" className="filter-field">
          {(c) => <input {...c} type="date" />}
        </Field>
        <Field of={search} name="to" label="To" className="filter-field">
          {(c) => <input {...c} type="date" />}
        </Field>
        <button type="submit" disabled={!formProblem.ok}>
          Search
        </button>
        <button
          type="button"
          onClick={exportCsv}
          disabled={exporting || !parsed.ok || list.rows.length === 0}
        >
          {exporting ? 'Saving…' : 'Export CSV'}
        </button>
      </form>
      <FormStatus of={search} note={false} />
      {!formProblem.ok && (
        <p className="form-error" role="alert">
          {formProblem.message}
        </p>
      )}
      {exportNote && (
        <p className="muted" role="status">
          {exportNote}
        </p>
      )}
      {parsed.ok && <CountLine filter={parsed.filter} />}
      <PagedListView list={list} empty="No payment matches. Search by the full start of an id.">
        {(rows) => <TransactionsTable rows={rows} />}
      </PagedListView>
    </section>
  );
}
