/**
 * The day's money from Cybersource's Reporting REST API, pulled each morning after the webhook backfill and by
 * `clearpost backfill --date`: for every configured organization, the day's Purchase & Refund Details with its
 * Net Funding, and its chargeback case actions, stored as the same files would be (funding-api.ts). The day is
 * the backfill's, in the report's zone.
 *
 * A refused or failing download is a notice, not a failed morning: the webhooks' backfill is done by then, the
 * other organization's money is still worth having, and a funding file can be imported by hand. Pulling a day
 * again adds nothing (items by request id, cases by case and action).
 *
 * Consoles are told (`db.changed`) only of the tables a pull wrote: a day already pulled, or one that brought
 * only funding items and case rows (no console table: contract.ts TABLES), announces nothing.
 */
import type { TableName } from '../../../shared/contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../lib/event-bus';
import { dayWindow } from '../../lib/time-zone';
import type { Repositories } from '../../store/repositories';
import { createFundingApi, FundingApiError, type FundingApiConfig } from './funding-api';
import type { ReversalDeps } from './reversal-events';

export interface FundingDaySource {
  readonly rest: FundingApiConfig;
  readonly organizations: readonly { readonly organizationId: string }[];
  readonly timeZone: string;
}

export interface FundingDaySummary {
  readonly funding: { rows: number; imported: number; quarantined: number };
  readonly chargebacks: {
    rows: number;
    imported: number;
    quarantined: number;
    reversals: number;
    reposted: number;
  };
  /** Plain sentences: a download refused, and what to do instead. */
  readonly notices: readonly string[];
}

export type FundingDayDeps = ReversalDeps & {
  readonly repos: Pick<Repositories, 'funding'>;
  readonly clock: Clock;
  readonly bus: Pick<EventBus, 'changed'>;
};

/**
 * The console tables a pull wrote: reversals and won cases' re-posts are payment events; unreadable rows,
 * cases whose payment Clearpost lacks and follow-ups intake refused are quarantine entries.
 */
function tablesWritten(summary: Omit<FundingDaySummary, 'notices'>): TableName[] {
  const tables: TableName[] = [];
  if (summary.chargebacks.reversals + summary.chargebacks.reposted > 0) tables.push('payment_events');
  if (summary.funding.quarantined + summary.chargebacks.quarantined > 0) tables.push('quarantined_inputs');
  return tables;
}

type FundingApi = ReturnType<typeof createFundingApi>;

export async function pullFundingDay(
  date: string,
  source: FundingDaySource,
  deps: FundingDayDeps,
  api: FundingApi = createFundingApi(source.rest, deps.clock),
): Promise<FundingDaySummary> {
  const window = dayWindow(date, source.timeZone);
  const span = {
    startTime: new Date(window.start).toISOString(),
    endTime: new Date(window.end).toISOString(),
  };
  const funding = { rows: 0, imported: 0, quarantined: 0 };
  const chargebacks = { rows: 0, imported: 0, quarantined: 0, reversals: 0, reposted: 0 };
  const notices: string[] = [];
  // Each download on its own: a refusal stores nothing of that download (funding-api.ts reads every page
  // first) and leaves the others to run.
  const attempt = async (what: string, pull: () => Promise<void>) => {
    try {
      await pull();
    } catch (error) {
      // Refused, unreachable, or an answer that does not read as the report (a net not its parts, say).
      const why =
        error instanceof FundingApiError ? error.message : `It did not read: ${(error as Error).message}.`;
      deps.logger?.warn({ err: why }, 'funding pull failed');
      notices.push(`Not pulled: ${what}. ${why} Import the file saved from the Business Center instead.`);
    }
  };
  for (const { organizationId } of source.organizations) {
    const request = { organizationId, ...span };
    await attempt(`the funding of ${organizationId} for ${date}`, async () => {
      const pulled = await api.pull(request, deps);
      funding.rows += pulled.rows;
      funding.imported += pulled.imported;
      funding.quarantined += pulled.quarantined;
    });
    await attempt(`the chargebacks of ${organizationId} for ${date}`, async () => {
      const pulled = await api.pullChargebacks(request, deps);
      for (const key of ['rows', 'imported', 'quarantined', 'reversals', 'reposted'] as const)
        chargebacks[key] += pulled[key];
    });
  }
  const written = tablesWritten({ funding, chargebacks });
  if (written.length > 0) deps.bus.changed(...written);
  return { funding, chargebacks, notices };
}
