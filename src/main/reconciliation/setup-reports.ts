/**
 * Reports as the composition root starts them: the service, its console context (reports folder, the EHR
 * side for balancing) and, where the app runs for a long time (desktop, serve), the daily schedule.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import { fromLedger, type LedgerLike } from './ehr-side';
import { facilityZones, type FacilityZones } from './facility-zones';
import type { PostingFileRouting } from './report-requests';
import { createReportService } from './report-service';
import { DEFAULT_SCHEDULE, ReportScheduler, type ReportScheduleOptions } from './report-scheduler';
import type { ReportsContext } from './reports-context';

export interface ReportsOptions {
  /** Facility → IANA time zone; "the day" of a report is the facility's day. */
  readonly timeZones?: Readonly<Record<string, string>>;
  readonly defaultTimeZone?: string;
  /** Zones that follow the saved settings (the app's); when given, the two above are not used. */
  readonly zones?: FacilityZones;
  /** Defaults to `reports` under the data folder. */
  readonly outDir?: string;
  /** The daily files; defaults on in desktop and serve mode. */
  readonly schedule?: Partial<Omit<ReportScheduleOptions, 'outDir'>> | false;
}

export function setupReports(input: {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  /**
   * What the EHRs hold, where Clearpost can read it: the sandbox's simulated ledgers (the host passes them);
   * null where the EHR side comes from a file the operator gives.
   */
  readonly ehrLedger: (() => readonly LedgerLike[]) | null;
  readonly longRunning: boolean;
  /** File-only facilities and their posting-file layouts. */
  readonly routing?: PostingFileRouting;
  readonly options: ReportsOptions | undefined;
}): { context: ReportsContext; scheduler: ReportScheduler | null } {
  const options = input.options ?? {};
  const zones = options.zones ?? facilityZones(options.timeZones, options.defaultTimeZone);
  const service = createReportService({ ...input, zones });
  const outDir = options.outDir ?? join(input.dataDir, 'reports');
  const { ehrLedger } = input;
  const context: ReportsContext = {
    service,
    outDir,
    ehrSide: ehrLedger ? () => fromLedger(ehrLedger()) : () => null,
  };
  const wanted = options.schedule ?? (input.longRunning ? {} : false);
  const scheduler =
    wanted === false
      ? null
      : new ReportScheduler(
          input.repos.events,
          service,
          zones,
          input.clock,
          input.logger.child({ scope: 'schedule' }),
          {
            ...DEFAULT_SCHEDULE,
            ...wanted,
            outDir,
          },
          input.routing,
        );
  return { context, scheduler };
}
