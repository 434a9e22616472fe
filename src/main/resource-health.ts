/**
 * The app's health as to what it runs on: whether the disk holding its data is full, and whether its log
 * file is being written. Both are faults the service lives through (it refuses new payments with 503 while
 * the disk is full; it drops and counts log lines it cannot write) and both clear by themselves; this
 * keeps their state for `app.health` and pushes a change to every console, which shows a banner.
 */
import type { AppHealth } from '../shared/contract';
import type { Clock } from './clock';
import type { LogFileHealth } from './rotating-file';

export interface ResourceHealthOptions {
  readonly clock: Clock;
  /** The data folder, named in the banner. */
  readonly folder: string;
  /** The log file and its health; null where the app logs elsewhere. */
  readonly log: { readonly file: string; health(): LogFileHealth } | null;
  /** Pushes the new state (the app emits `app.health` on its event bus). */
  readonly publish: (health: AppHealth) => void;
}

export class ResourceHealth {
  private diskFullSince: number | null = null;
  private scheduled = false;

  constructor(private readonly options: ResourceHealthOptions) {}

  status(): AppHealth {
    const log = this.options.log;
    return {
      diskFull:
        this.diskFullSince === null ? null : { since: this.diskFullSince, folder: this.options.folder },
      log: log ? { file: log.file, ...log.health() } : null,
    };
  }

  /** A write was refused because the disk is full. */
  diskFull(): void {
    if (this.diskFullSince !== null) return;
    this.diskFullSince = this.options.clock.now();
    this.changed();
  }

  /** A write went through: whatever filled the disk has been dealt with. */
  wrote(): void {
    if (this.diskFullSince === null) return;
    this.diskFullSince = null;
    this.changed();
  }

  /** The log file started failing or works again. */
  logChanged(): void {
    this.changed();
  }

  /**
   * Published on the next turn, once per burst: a change is often noticed in the middle of something (a log
   * line being written) that must not run the consoles' listeners inside it.
   */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.options.publish(this.status());
    });
  }
}
