/**
 * The daily files, generated while the app (or serve mode) runs: once the configured local time has passed in
 * a facility, yesterday's files are written for it. The history table says what the schedule already did, so
 * a restart, a second tick or a machine that slept through the hour neither repeats nor skips a day.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { PeriodicCheck } from '../lib/periodic-check';
import { localTimeOfDay, previousDay } from '../lib/time-zone';
import type { EventsRepository } from '../store/repositories/events';
import type { FacilityZones } from './facility-zones';
import type { PostingFileRouting, WrittenFile, WrittenPostingFile } from './report-requests';
import type { ReportService } from './report-service';

export interface ScheduledJob {
  readonly kind: 'recon' | 'detail' | 'epic_voids';
  readonly format?: 'csv' | 'xlsx';
}

export interface ReportScheduleOptions {
  /** Local time in each facility, `HH:MM`. */
  readonly at: string;
  readonly jobs: readonly ScheduledJob[];
  readonly outDir: string;
  /** How often the clock is looked at. */
  readonly checkEveryMs?: number;
}

export const DEFAULT_SCHEDULE: ReportScheduleOptions = {
  at: '06:00',
  jobs: [{ kind: 'recon', format: 'csv' }, { kind: 'epic_voids' }],
  outDir: 'reports',
};

const ACTOR = 'schedule';

/** What Settings → Schedules changes while the app runs (see `reconfigure`). */
export interface ReportScheduleChange {
  readonly at: string;
  readonly enabled: boolean;
}

export class ReportScheduler {
  private readonly periodic: PeriodicCheck<(WrittenFile | WrittenPostingFile)[]>;
  private at: string;
  private enabled = true;

  constructor(
    /** The payment events, for the facilities that had payments lately. */
    private readonly events: Pick<EventsRepository, 'facilitiesSince'>,
    private readonly service: ReportService,
    private readonly zones: FacilityZones,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ReportScheduleOptions,
    /** File-only facilities get their daily posting file with the other daily files. */
    private readonly routing?: PostingFileRouting,
  ) {
    this.at = checkedTime(options.at);
    this.periodic = new PeriodicCheck(() => this.runDue(), options.checkEveryMs ?? 60_000);
  }

  /**
   * Applies a saved schedule at once: the next check (within a minute) uses the new time. Moving the time
   * later never takes back a day already written, and moving it earlier writes a day that is now due.
   */
  reconfigure(change: ReportScheduleChange): void {
    this.at = checkedTime(change.at);
    this.enabled = change.enabled;
  }

  /** The local time the daily files are due, and whether they are written at all. */
  get schedule(): ReportScheduleChange {
    return { at: this.at, enabled: this.enabled };
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Writes whatever is due now; resolves to the files written. */
  tick(): Promise<(WrittenFile | WrittenPostingFile)[]> {
    return this.periodic.tick();
  }

  private facilities(): { all: string[]; epic: Set<string> } {
    const rows = this.events.facilitiesSince(this.clock.now() - 3 * 86_400_000);
    const all = new Set([
      ...this.zones.known,
      ...rows.map((r) => r.facility),
      ...(this.routing?.fileOnlyFacilities ?? []),
    ]);
    return {
      all: [...all].sort(),
      epic: new Set(rows.filter((r) => r.ehr === 'epic').map((r) => r.facility)),
    };
  }

  private async runDue(): Promise<(WrittenFile | WrittenPostingFile)[]> {
    const now = this.clock.now();
    const written: (WrittenFile | WrittenPostingFile)[] = [];
    if (!this.enabled) return written;
    const { all, epic } = this.facilities();
    for (const facility of all) {
      const zone = this.zones.zoneFor(facility);
      if (localTimeOfDay(now, zone) < this.at) continue;
      const date = previousDay(now, zone);
      if (this.service.isFileOnly(facility) && !this.service.postingFileWritten(facility, date)) {
        await this.attempt(facility, date, 'posting_file', async () => {
          written.push(
            ...(await this.service.exportPostingFiles(
              { date, facility, outDir: this.options.outDir },
              { trigger: 'schedule', actor: ACTOR },
            )),
          );
        });
      }
      for (const job of this.options.jobs) {
        if (job.kind === 'epic_voids' && (!epic.has(facility) || this.service.isFileOnly(facility))) continue;
        if (this.service.history.scheduledDone(job.kind, facility, date)) continue;
        const requester = { trigger: 'schedule', actor: ACTOR } as const;
        try {
          const files =
            job.kind === 'epic_voids'
              ? await this.service.exportEpicVoids({ date, facility, outDir: this.options.outDir }, requester)
              : await this.service.exportTabular(
                  {
                    kind: job.kind,
                    date,
                    facility,
                    format: job.format ?? 'csv',
                    outDir: this.options.outDir,
                  },
                  requester,
                );
          written.push(...files);
        } catch (error) {
          // Logged and tried again at the next check: a full disk today must not lose tomorrow's file.
          this.logger.error(
            { err: (error as Error).message, facility, date, kind: job.kind },
            'scheduled report failed',
          );
        }
      }
    }
    return written;
  }

  /** Logged and tried again at the next check: a full disk today must not lose tomorrow's file. */
  private async attempt(facility: string, date: string, kind: string, write: () => Promise<void>) {
    try {
      await write();
    } catch (error) {
      this.logger.error({ err: (error as Error).message, facility, date, kind }, 'scheduled report failed');
    }
  }
}

function checkedTime(at: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new RangeError(`"${at}" is not HH:MM`);
  return at;
}
