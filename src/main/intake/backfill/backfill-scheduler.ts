/**
 * The morning backfill: once the configured local time has passed in the report's zone, yesterday is
 * backfilled, once. `backfill_runs` says what was done, so a restart, a second tick or a machine that slept
 * through the hour neither repeats nor skips a day. A failed run (Cybersource refused or unreachable) is
 * tried again after a pause, not every minute.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { PeriodicCheck } from '../../lib/periodic-check';
import { localTimeOfDay, previousDay } from '../../lib/time-zone';
import { backfillRepository, type BackfillRepository } from '../../store/repositories/backfill';
import type { BackfillService } from './backfill-service';

const RETRY_AFTER_FAILURE_MS = 30 * 60_000;

export class BackfillScheduler {
  private readonly periodic: PeriodicCheck<void>;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private readonly runs: BackfillRepository;

  constructor(
    db: Database,
    private readonly service: BackfillService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    checkEveryMs = 60_000,
  ) {
    this.runs = backfillRepository(db);
    this.periodic = new PeriodicCheck(() => this.runDue(), checkEveryMs);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Runs yesterday's backfill if it is due and not done; resolves when that is settled. */
  tick(): Promise<void> {
    return this.periodic.tick();
  }

  private async runDue(): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastFailureAt < RETRY_AFTER_FAILURE_MS) return;
    const resolved = await this.service.source();
    if (!resolved.ok || resolved.source.at === null) return;
    const { at, plan } = resolved.source;
    if (localTimeOfDay(now, plan.timeZone) < at) return;
    const date = previousDay(now, plan.timeZone);
    if (this.runs.finishedOn(date)) return;
    try {
      await this.service.run(date, 'schedule');
    } catch (error) {
      this.lastFailureAt = now;
      // Logged and tried again later: the report may not be ready yet, or Cybersource briefly down.
      this.logger.error({ date, err: (error as Error).message }, 'scheduled backfill failed');
    }
  }
}
