/**
 * Notifications that follow the saved email settings: a save (or a new SMTP password in the vault) stops
 * the running digest and alerts and starts them again with the new settings, or stops them when email is
 * turned off. Failures already announced are recorded in the database, so a restart of the digest never
 * mails them twice.
 */
import { sha256 } from '../lib/sha256';
import type { MailSettingsInput } from './mail-settings';
import { startNotifications, type Notifications, type NotificationsOptions } from './notifications';

export interface LiveNotifications {
  /** The running notifications, or null while no email is configured. */
  readonly current: Notifications | null;
  /** Reads the settings again; resolves once the change (if any) is applied. */
  apply(): Promise<void>;
  stop(): Promise<void>;
}

export function liveNotifications(
  options: Omit<NotificationsOptions, 'mail'> & {
    /** The email settings now (with the password from the vault), or null for none. */
    readonly mail: () => Promise<MailSettingsInput | null>;
  },
): LiveNotifications {
  const { mail, ...rest } = options;
  let current: Notifications | null = null;
  // A digest of the settings, not the settings: the password is not kept around longer than needed.
  let applied = '';
  let queue: Promise<void> = Promise.resolve();
  let stopped = false;

  const applyNow = async () => {
    if (stopped) return;
    const next = await mail();
    const key = next ? sha256(JSON.stringify(next)) : '';
    if (key === applied) return;
    await current?.stop();
    current = null;
    applied = key;
    if (next) {
      try {
        current = startNotifications({ ...rest, mail: next });
      } catch (error) {
        // Saved settings passed the schema; a mailer that still cannot start must not stop the app.
        applied = '';
        rest.logger.error({ err: (error as Error).message }, 'email notifications not started');
      }
    }
  };

  const apply = () => {
    // One change at a time, in order: two quick saves never leave two digests running.
    queue = queue.then(applyNow).catch((error: unknown) => {
      rest.logger.error({ err: (error as Error).message }, 'applying email settings failed');
    });
    return queue;
  };

  return {
    get current() {
      return current;
    },
    apply,
    async stop() {
      stopped = true;
      await queue;
      await current?.stop();
      current = null;
    },
  };
}
