/**
 * The failure digest: one email for the failures of a while, never one per item, and one for the items
 * newly held as needs-verification (the EHR may have posted them). What has been announced is
 * recorded in the store only after the mail server accepted the message, so a server that is down delays the
 * digest (retried) but never loses or repeats an item.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { NotifiedFailuresRepository } from '../store/repositories/notified-failures';
import { digestMail, type DigestKind } from './digest-template';
import type { MailSettings } from './mail-settings';
import type { Mailer } from './mailer';

const BATCH = 200;

export interface FailureDigestOptions {
  readonly repo: NotifiedFailuresRepository;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: MailSettings;
  /** Desktop notification sink (Electron); absent in serve mode and tests. */
  readonly desktop?: (title: string, body: string) => void;
}

export class FailureDigest {
  private timer: NodeJS.Timeout | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private sending: Promise<number> | null = null;

  constructor(private readonly options: FailureDigestOptions) {}

  start(): void {
    this.sweep = setInterval(() => void this.flush(), this.options.settings.digestIntervalMs);
    this.sweep.unref();
    this.schedule(0);
  }

  /** Stops the timers and waits for a digest being sent (it records its result in the store). */
  async stop(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    this.sweep = this.timer = null;
    await this.sending;
  }

  /**
   * Items just reached Failure (or were held for verification): send a digest after the delay, so items
   * close together share one.
   */
  failed(): void {
    if (!this.timer) this.schedule(this.options.settings.digestDelayMs);
  }

  /** Sends the digests of unannounced items; resolves to how many it announced (0 when none or refused). */
  flush(): Promise<number> {
    this.sending ??= this.send().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** Failures first, then items held for verification: each its own message, recorded once accepted. */
  private async send(): Promise<number> {
    const failures = await this.sendKind('failure');
    const held = await this.sendKind('verification');
    return failures + held;
  }

  private async sendKind(kind: DigestKind): Promise<number> {
    const { repo, mailer, clock, settings, logger } = this.options;
    const batch = kind === 'failure' ? repo.unannounced(BATCH + 1) : repo.unannouncedHeld(BATCH + 1);
    if (batch.length === 0) return 0;
    const items = batch.slice(0, BATCH);
    const more = batch.length > BATCH;
    try {
      await mailer.send(digestMail(items, settings.template, more, kind));
    } catch (error) {
      logger.warn(
        { err: (error as Error).message, items: items.length, kind },
        'digest not sent; will retry',
      );
      this.schedule(settings.retryMs);
      return 0;
    }
    const ids = items.map((i) => i.postingId);
    if (kind === 'failure') repo.markAnnounced(ids, clock.now());
    else repo.markHeldAnnounced(ids, clock.now());
    logger.info({ items: items.length, kind }, 'digest sent');
    const count = String(items.length);
    if (kind === 'failure') {
      this.options.desktop?.('Posting failures', `${count} payments need manual posting.`);
    } else {
      this.options.desktop?.('Postings to verify', `${count} payments need checking in the EHR first.`);
    }
    if (more) this.schedule(0);
    return items.length;
  }
}
