/**
 * One alert per incident, one on recovery. An EHR endpoint is in trouble when its breaker is open or it is
 * down; it must stay so for the grace period before the alert goes out (a blip is not an incident), and stay
 * healthy for the grace period before the recovery goes out (a flapping endpoint stays one incident). Mails
 * the server refuses wait in order and are retried; the state machine, not the mail, decides what is sent.
 */
import type { ConnectionStatus, EngineStatus } from '../../shared/contract';
import { EHR_LABEL } from '../../shared/domain';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { MailSettings } from './mail-settings';
import type { Mail, Mailer } from './mailer';

type Phase = 'ok' | 'suspect' | 'incident' | 'recovering';

interface Tracked {
  phase: Phase;
  since: number;
  incidentStart: number;
  last: ConnectionStatus;
}

export interface IncidentAlertsOptions {
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: MailSettings;
  readonly desktop?: (title: string, body: string) => void;
}

const troubled = (c: ConnectionStatus) => c.breaker === 'open' || c.state === 'down';

export class IncidentAlerts {
  private readonly tracked = new Map<string, Tracked>();
  private readonly outbox: Mail[] = [];
  private retry: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;

  constructor(private readonly options: IncidentAlertsOptions) {}

  /** Feed every engine status (pushed on change); call `tick` as time passes to let grace periods end. */
  observe(status: EngineStatus): void {
    for (const connection of status.connections) {
      const entry = this.tracked.get(connection.id);
      if (entry) entry.last = connection;
      else {
        this.tracked.set(connection.id, {
          phase: 'ok',
          since: this.options.clock.now(),
          incidentStart: 0,
          last: connection,
        });
      }
    }
    this.tick();
  }

  tick(): void {
    const now = this.options.clock.now();
    const grace = this.options.settings.incidentGraceMs;
    for (const entry of this.tracked.values()) {
      const bad = troubled(entry.last);
      switch (entry.phase) {
        case 'ok':
          if (bad) Object.assign(entry, { phase: 'suspect', since: now });
          break;
        case 'suspect':
          if (!bad) entry.phase = 'ok';
          else if (now - entry.since >= grace) {
            Object.assign(entry, { phase: 'incident', incidentStart: entry.since });
            this.enqueue(alertMail(entry.last, entry.since));
          }
          break;
        case 'incident':
          if (!bad) Object.assign(entry, { phase: 'recovering', since: now });
          break;
        case 'recovering':
          if (bad) entry.phase = 'incident';
          else if (now - entry.since >= grace) {
            entry.phase = 'ok';
            this.enqueue(recoveryMail(entry.last, entry.incidentStart, entry.since));
          }
          break;
      }
    }
    void this.drain();
  }

  /** Resolves when every queued mail has been sent or is waiting for its retry. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private enqueue(mail: Mail): void {
    this.outbox.push(mail);
    this.options.desktop?.(mail.subject, mail.text.split('\n')[0] ?? '');
  }

  private drain(): Promise<void> {
    this.draining ??= (async () => {
      while (this.outbox.length > 0 && !this.retry) {
        const mail = this.outbox[0];
        if (!mail) break;
        try {
          await this.options.mailer.send(mail);
          this.outbox.shift();
        } catch (error) {
          this.options.logger.warn({ err: (error as Error).message }, 'incident mail not sent; will retry');
          this.retry = setTimeout(() => {
            this.retry = null;
            void this.drain();
          }, this.options.settings.retryMs);
          this.retry.unref();
        }
      }
    })().finally(() => {
      this.draining = null;
      // A mail queued after the loop looked for the last time, before this cleanup ran.
      if (this.outbox.length > 0 && !this.retry) void this.drain();
    });
    return this.draining;
  }
}

const iso = (at: number) => new Date(at).toISOString();

function alertMail(c: ConnectionStatus, since: number): Mail {
  const what = c.breaker === 'open' ? 'stopped sending (circuit breaker open)' : 'is not answering';
  return {
    subject: `${EHR_LABEL[c.ehr]} connection "${c.name}" is failing`,
    text:
      `Clearpost ${what} to ${EHR_LABEL[c.ehr]} connection "${c.name}" (${c.id}) since ${iso(since)}.\n` +
      'Payments wait and are posted when the connection recovers; nothing is lost. You will get one message ' +
      'when it recovers.\n',
  };
}

function recoveryMail(c: ConnectionStatus, since: number, healthySince: number): Mail {
  return {
    subject: `${EHR_LABEL[c.ehr]} connection "${c.name}" recovered`,
    text:
      `${EHR_LABEL[c.ehr]} connection "${c.name}" (${c.id}) is healthy again since ${iso(healthySince)} ` +
      `(failing since ${iso(since)}). Waiting payments are being posted.\n`,
  };
}
