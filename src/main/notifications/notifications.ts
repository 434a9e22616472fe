/**
 * Notifications wired to the running app: the failure digest listens to the engine's `failed` event, the
 * incident alerts to every engine status. Started by the composition root when mail settings exist.
 */
import type { Database } from 'better-sqlite3';
import type { EngineStatus } from '../../shared/contract';
import type { EventBus } from '../lib/event-bus';
import type { Clock } from '../clock';
import type { PostingEngine } from '../engine/engine';
import type { Logger } from '../logger';
import { notifiedFailuresRepository } from '../store/repositories/notified-failures';
import { FailureDigest } from './failure-digest';
import { IncidentAlerts } from './incident-alerts';
import { mailSettingsSchema, type MailSettingsInput } from './mail-settings';
import { createMailer, type Mailer } from './mailer';

export interface NotificationsOptions {
  readonly db: Database;
  readonly bus: EventBus;
  readonly engine: Pick<PostingEngine, 'events' | 'status'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly mail: MailSettingsInput;
  readonly desktop?: (title: string, body: string) => void;
  /** Tests inject a mailer; otherwise SMTP per the settings. */
  readonly mailer?: Mailer;
}

export interface Notifications {
  readonly digest: FailureDigest;
  readonly incidents: IncidentAlerts;
  stop(): Promise<void>;
}

export function startNotifications(options: NotificationsOptions): Notifications {
  const settings = mailSettingsSchema.parse(options.mail);
  const logger = options.logger.child({ scope: 'notifications' });
  const mailer = options.mailer ?? createMailer(settings);
  const desktop = options.desktop ? { desktop: options.desktop } : {};
  const digest = new FailureDigest({
    repo: notifiedFailuresRepository(options.db),
    mailer,
    clock: options.clock,
    logger,
    settings,
    ...desktop,
  });
  const incidents = new IncidentAlerts({ mailer, clock: options.clock, logger, settings, ...desktop });
  const onFailed = () => digest.failed();
  options.engine.events.on('failed', onFailed);
  const unsubscribe = options.bus.subscribe((event, payload) => {
    if (event === 'engine.status') incidents.observe(payload as EngineStatus);
    // Items held for verification come from settlement and recovery, which emit no event of their own: a
    // change to postings asks for a digest after the delay (nothing is sent when nothing is unannounced).
    if (event === 'db.changed' && changedPostings(payload)) digest.failed();
  });
  // Grace periods end without any status change: look again regularly.
  const ticker = setInterval(
    () => incidents.observe(options.engine.status()),
    Math.max(1_000, Math.min(30_000, settings.incidentGraceMs / 4)),
  );
  ticker.unref();
  digest.start();
  incidents.observe(options.engine.status());
  return {
    digest,
    incidents,
    async stop() {
      clearInterval(ticker);
      options.engine.events.off('failed', onFailed);
      unsubscribe();
      incidents.stop();
      await digest.stop();
      await incidents.settled();
      mailer.close();
    },
  };
}

function changedPostings(payload: unknown): boolean {
  const tables = (payload as { tables?: unknown } | null)?.tables;
  return Array.isArray(tables) && tables.includes('postings');
}
