/**
 * The team's measures, each against its target: automatic posting rate, median and 95th-percentile time from
 * payment to posting (over the last `windowDays`), the oldest open exception's age, money received and not
 * posted (now), and the cash balance's unexplained variances over the window (cash-balance.ts).
 *
 * Definitions, so a supervisor can check them by hand: the posting rate is success ÷ (success + manually
 * posted) among payments posted in the window (the manual-payment workflow, which never posts through
 * Clearpost, is in neither); time to post runs from the payment's transaction time to its posting time.
 */
import type { MeasureView, TeamMeasures } from '../../../shared/commands/measures';
import { displayMoney } from '../../../shared/money';
import type { Repositories } from '../../store/repositories';
import type { TeamMeasuresRepository } from '../../store/repositories/team-measures';
import { addDays, today } from '../../lib/time-zone';
import { balanceCash } from '../cash/cash-balance';
import type { MeasureTargets } from './measure-targets';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface MeasureDeps {
  readonly measures: TeamMeasuresRepository;
  readonly repos: Pick<
    Repositories,
    'funding' | 'cashMatching' | 'cashBalance' | 'bankDeposits' | 'periodClose'
  >;
  readonly targets: MeasureTargets;
  /** The zone of "today" for the cash balance. */
  readonly timeZone: string;
  readonly now: number;
}

/** A measure met when it is at most its target (a time, an age, a count): its value, target and verdict. */
const atMost = (value: number | null, target: number) => ({
  value,
  target,
  direction: 'at_most' as const,
  met: value === null ? null : value <= target,
});

export function teamMeasures(deps: MeasureDeps): TeamMeasures {
  const { targets, now } = deps;
  const from = now - targets.windowDays * DAY;
  const posted = deps.measures.postedMix(from, now);
  const total = posted.automatic + posted.manual;
  const rate = total === 0 ? null : Math.floor((posted.automatic * 10_000) / total);
  const [median = null, p95 = null] = deps.measures.timeToPost(from, now, [0.5, 0.95]);
  const exceptions = deps.measures.openExceptions();
  const oldest = exceptions.oldestAt === null ? null : Math.max(0, now - exceptions.oldestAt);
  const unposted = deps.measures.unpostedCash();
  const inCurrency = unposted.find((u) => u.currency === targets.currency);
  const others = unposted.filter((u) => u.currency !== targets.currency);
  const to = today(now, deps.timeZone);
  const balance = balanceCash(deps.repos, {
    from: addDays(to, -(targets.windowDays - 1)),
    to,
    asOf: to,
    timeZone: deps.timeZone,
  });

  const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / HOUR).toFixed(1)} h`);
  const measures: MeasureView[] = [
    {
      key: 'autoPostingRate',
      label: 'Automatic posting rate',
      unit: 'basis_points',
      value: rate,
      target: Math.round(targets.autoPostingRatePercent * 100),
      direction: 'at_least',
      met: rate === null ? null : rate >= Math.round(targets.autoPostingRatePercent * 100),
      detail: `${String(posted.automatic)} of ${String(total)} posted payments, the rest posted by hand`,
    },
    {
      key: 'medianTimeToPost',
      label: 'Median time from payment to posting',
      unit: 'ms',
      ...atMost(median, targets.medianHoursToPost * HOUR),
      detail: `${hours(median)} over ${String(total)} postings`,
    },
    {
      key: 'p95TimeToPost',
      label: '95th percentile time from payment to posting',
      unit: 'ms',
      ...atMost(p95, targets.p95HoursToPost * HOUR),
      detail: `${hours(p95)}: 19 in 20 postings took no longer`,
    },
    {
      key: 'exceptionAge',
      label: 'Oldest open exception',
      unit: 'ms',
      ...atMost(oldest ?? 0, targets.oldestExceptionDays * DAY),
      detail:
        exceptions.count === 0
          ? 'no open exception'
          : `${String(exceptions.count)} open; median age ${((now - (exceptions.medianAt ?? now)) / DAY).toFixed(1)} days`,
    },
    {
      key: 'unpostedCash',
      label: 'Unposted cash',
      unit: 'minor',
      currency: targets.currency,
      value: inCurrency?.amountMinor ?? 0,
      target: targets.unpostedCashMinor,
      direction: 'at_most',
      // Money in another currency has no target to meet: it is never called on target.
      met: (inCurrency?.amountMinor ?? 0) <= targets.unpostedCashMinor && others.length === 0,
      detail: [
        inCurrency
          ? `${String(inCurrency.count)} payments received and not posted, oldest ${((now - inCurrency.oldestAt) / DAY).toFixed(1)} days`
          : 'every payment received is posted',
        ...others.map(
          (u) => `also ${displayMoney(u.amountMinor, u.currency)} in ${String(u.count)} payments`,
        ),
      ].join('; '),
    },
    {
      key: 'unexplainedVariance',
      label: 'Unexplained cash variance',
      unit: 'count',
      ...atMost(balance.unexplained, targets.unexplainedVariances),
      detail: `${String(balance.variances.length)} variances from ${balance.from} to ${balance.to}, ${String(balance.unexplained)} with no explained cause`,
    },
  ];
  return { windowDays: targets.windowDays, from, to: now, measures };
}
