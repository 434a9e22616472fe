import { useState, type SyntheticEvent } from 'react';
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

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The current month so far: the period a cash poster is closing. */
function monthSoFar(): { from: string; to: string } {
  const now = new Date();
  return { from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)), to: isoDay(now) };
}

/**
 * From card to bank: match deposits to processor funding batches (automatically, or by hand for splits),
 * work the unmatched money, and balance bank, funding, payments and EHR postings for a date range.
 */
export function Cash() {
  const api = useApi();
  const [range, setRange] = useState(monthSoFar);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    work()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const matchDeposits = (event: SyntheticEvent) => {
    event.preventDefault();
    run(async () => {
      const result = await api.invoke('cash.runMatching', range);
      setSummary(
        `${String(result.matched)} matched; ${String(result.unmatchedDeposits)} deposits and ${String(result.unmatchedBatches)} batches left for a person.`,
      );
      reload();
    });
  };
  const balanceRange = () => run(async () => setBalance(await api.invoke('cash.balance', range)));

  return (
    <section aria-labelledby="cash-title">
      <h1 id="cash-title">Cash</h1>
      <form className="filters" onSubmit={matchDeposits} aria-label="Period">
        {(['from', 'to'] as const).map((end) => (
          <label key={end}>
            {end === 'from' ? 'From' : 'To'}
            <input
              type="date"
              value={range[end]}
              onChange={(e) => setRange((r) => ({ ...r, [end]: e.target.value }))}
              required
            />
          </label>
        ))}
        <button type="submit" disabled={busy}>
          Match deposits
        </button>
        <button type="button" onClick={balanceRange} disabled={busy}>
          Balance four ways
        </button>
      </form>
      <ActionOutcome error={error} done={summary} />
      {balance && <CashBalance balance={balance} />}
      <QueryView query={unmatched}>
        {(data) => (
          <ManualMatch
            deposits={data.deposits}
            batches={data.batches}
            onMatched={() => {
              reload();
              if (balance) balanceRange();
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
