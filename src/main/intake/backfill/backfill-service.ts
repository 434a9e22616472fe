/**
 * Backfill as the app runs it: one run at a time (the schedule and the command line never overlap in one
 * process), against the source resolved when the run starts, so a secret entered in Settings is used at once.
 * Once the webhooks' gap is filled, the same credentials pull the day's money (funding and chargebacks) when
 * the host gives a way to (`money`); not for the sandbox, whose cash desk imports its own files.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { ImportOptions, ImportSummary } from '../reports/import-file';
import { BackfillError, runBackfill, type BackfillSummary } from './backfill';
import type { FundingDaySummary } from '../../reconciliation/funding/funding-day';
import type { BackfillSource, ResolvedSource } from './backfill-source';
import { createCybersourceRestClient, type CybersourceRestClient } from './cybersource-rest-client';
import type { CybersourceRestConfig } from './cybersource-rest-client';

/** The day's money pulled after the backfill; null when it was not (the sandbox, or no way given). */
export type BackfillRun = BackfillSummary & { readonly money: FundingDaySummary | null };

export interface BackfillService {
  run(date: string, trigger: 'schedule' | 'command'): Promise<BackfillRun>;
  /** The configured source, or why there is none. */
  source(): Promise<ResolvedSource>;
}

export function createBackfillService(deps: {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workDir: string;
  readonly importFile: (path: string, options: ImportOptions) => Promise<ImportSummary>;
  readonly resolve: () => Promise<ResolvedSource>;
  /** Tests may pass their own client; otherwise an axios one for the source's address. */
  readonly client?: (rest: CybersourceRestConfig) => CybersourceRestClient;
  /** Pulls the day's funding and chargebacks through the Reporting REST API (reconciliation/funding). */
  readonly money?: (date: string, source: BackfillSource) => Promise<FundingDaySummary>;
}): BackfillService {
  let running: Promise<BackfillRun> | null = null;
  return {
    source: deps.resolve,
    run(date, trigger) {
      const work = async () => {
        const resolved = await deps.resolve();
        if (!resolved.ok) throw new BackfillError(resolved.reason);
        const { rest, plan, eventSource } = resolved.source;
        const client = deps.client?.(rest) ?? createCybersourceRestClient(rest, deps.clock);
        const summary = await runBackfill(date, plan, { ...deps, client, eventSource }, trigger);
        const pullMoney = eventSource === 'sandbox' ? undefined : deps.money;
        return { ...summary, money: pullMoney ? await pullMoney(date, resolved.source) : null };
      };
      // A second caller waits for the run under way, then runs its own (it may be for another day).
      const next = (running ?? Promise.resolve()).catch(() => undefined).then(work);
      running = next;
      return next.finally(() => {
        if (running === next) running = null;
      });
    },
  };
}
