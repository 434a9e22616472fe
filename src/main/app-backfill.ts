/**
 * The morning run, composed: backfill reads the sandbox's own processor on a sandbox database and the
 * configured Cybersource otherwise; with the configured Cybersource it then pulls the day's funding and
 * chargebacks through the Reporting REST API with the same credentials, and wakes the engine for the
 * reversals and re-posts that made. Scheduled only in a long-running app (desktop, serve).
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clock } from './clock';
import { BackfillScheduler } from './intake/backfill/backfill-scheduler';
import { createBackfillService, type BackfillService } from './intake/backfill/backfill-service';
import { sourceFromSettings, type ResolvedSource } from './intake/backfill/backfill-source';
import type { ImportOptions, ImportSummary } from './intake/reports/import-file';
import type { EventBus } from './lib/event-bus';
import type { Logger } from './logger';
import { pullFundingDay } from './reconciliation/funding/funding-day';
import type { Settings } from './settings/schema';
import type { Repositories } from './store/repositories';
import type { Vault } from './vault/vault';

export function createAppBackfill(deps: {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly filesDir: string;
  readonly importFile: (path: string, options: ImportOptions) => Promise<ImportSummary>;
  readonly wake: () => void;
  /** The sandbox's own processor on a sandbox database; null otherwise. */
  readonly sandboxSource: (() => ResolvedSource) | null;
  readonly settings: () => Settings;
  readonly vault: Vault;
  readonly longRunning: boolean;
}): { backfill: BackfillService; scheduler: BackfillScheduler | null } {
  const { db, repos, clock, logger } = deps;
  const backfill = createBackfillService({
    db,
    clock,
    logger,
    workDir: join(deps.filesDir, 'backfill'),
    importFile: deps.importFile,
    resolve: async (): Promise<ResolvedSource> =>
      deps.sandboxSource ? deps.sandboxSource() : sourceFromSettings(deps.settings(), deps.vault),
    money: async (date, source) => {
      const rest = source.rest;
      const pulled = await pullFundingDay(
        date,
        { rest, organizations: source.plan.organizations, timeZone: source.plan.timeZone },
        // The pull tells consoles of what it stored, and only then (funding-day.ts).
        { db, repos, clock, logger, bus: deps.bus },
      );
      if (pulled.chargebacks.reversals + pulled.chargebacks.reposted > 0) deps.wake();
      return pulled;
    },
  });
  const scheduler = deps.longRunning
    ? new BackfillScheduler(db, backfill, clock, logger.child({ scope: 'backfill' }))
    : null;
  return { backfill, scheduler };
}
