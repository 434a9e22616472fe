import { useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { CashBalanceView } from '../../../shared/commands/cash';
import { QueryView } from '../components/QueryView';
import { useApi } from '../hooks/api-context';
import { useQuery } from '../hooks/use-query';
import { CashBalance } from './cash/CashBalance';
import { CashExceptions } from './cash/CashExceptions';
import { ManualMatch } from './cash/ManualMatch';
import { MonthClose } from './cash/MonthClose';
import { UnpostedCash } from './cash/UnpostedCash';
import { ActionOutcome } from '../components/ActionOutcome';
import { Field, FormStatus } from '../components/form/Field';
import { useCommandForm } from '../components/form/use-command-form';

interface PeriodValues {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The current month so far: the period a cash poster is closing. */
function monthSoFar(): PeriodValues {
  const now = new Date();
  return { from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)), to: isoDay(now) };
}

/**
 * From card to bank: match deposits to processor funding batches (automatically, or by hand for splits),
 * work the unmatched money, and balance bank, funding, payments and EHR postings for a date range.
 */
export function Cash() {
  const api = useApi();
  const period = useCommandForm({
    command: 'cash.runMatching',
    toArgs: (v: PeriodValues) => ({ from: v.from, to: v.to }),
    defaultValues: monthSoFar(),
  });
  const [from, to] = useWatch({ control: period.form.control, name: ['from', 'to'] });
  const range = useMemo(() => ({ from, to }), [from, to]);
  const [summary, setSummary] = useState<string | null>(null);
  const [balance, setBalance] = useState<CashBalanceView | null>(null);
  const unmatched = useQuery('cash.unmatched', range, ['audit_events']);
  const exceptions = useQuery('cash.exceptions', {}, ['audit_events']);
  const closes = useQuery('cash.close.list', {}, ['audit_events']);
  const unposted = useQuery('cash.unposted', {}, ['audit_events', 'postings']);
  const reload = () => {
    unmatched.reload();
    exceptions.reload();
  };
  // Both buttons send the period: main's two commands take the very same arguments (from, to).
  const balanceRange = period.onSubmit(async (args) => {
    setBalance(await api.invoke('cash.balance', args));
  });
  const matchDeposits = period.onSubmit(async (args) => {
    setSummary(null);
    const result = await api.invoke('cash.runMatching', args);
    setSummary(
      `${String(result.matched)} matched; ${String(result.unmatchedDeposits)} deposits and ${String(result.unmatchedBatches)} batches left for a person.`,
    );
    reload();
  });

  return (
    <section aria-labelledby="cash-title">
      <h1 id="cash-title">Cash</h1>
      <form className="filters" onSubmit={(e) => void matchDeposits(e)} aria-label="Period" noValidate>
        <Field of={period} name="from" label="From">
          {(c) => <input {...c} type="date" />}
        </Field>
        <Field of={period} name="to" label="To">
          {(c) => <input {...c} type="date" />}
        </Field>
        <button type="submit" disabled={period.form.formState.isSubmitting}>
          Match deposits
        </button>
        <button
          type="button"
          onClick={(e) => void balanceRange(e)}
          disabled={period.form.formState.isSubmitting}
        >
          Balance four ways
        </button>
        <FormStatus of={period} />
      </form>
      <ActionOutcome error={null} done={summary} />
      {balance && <CashBalance balance={balance} />}
      <QueryView query={unmatched}>
        {(data) => (
          <ManualMatch
            deposits={data.deposits}
            batches={data.batches}
            onMatched={() => {
              reload();
              if (balance) void balanceRange();
            }}
          />
        )}
      </QueryView>
      <QueryView query={unposted}>
        {(list) => <UnpostedCash list={list} onChanged={unposted.reload} />}
      </QueryView>
      <QueryView query={exceptions}>{(rows) => <CashExceptions rows={rows} onChanged={reload} />}</QueryView>
      <QueryView query={closes}>
        {(rows) => <MonthClose periods={rows} onChanged={closes.reload} />}
      </QueryView>
    </section>
  );
}
