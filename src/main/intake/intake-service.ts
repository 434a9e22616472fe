/**
 * Intake as the app uses it: the webhook receiver, file import and events already canonical (the sandbox's
 * cash and checks), all storing through `ingest` (which queues each new event for the engine in the same
 * transaction) and then waking the engine and the console.
 */
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../lib/event-bus';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import type { MleKeyRing } from './cybersource/mle/mle-key-ring';
import type { WebhookSubscription } from './cybersource/signature';
import {
  DISK_FULL,
  handleWebhook,
  type WebhookDeps,
  type WebhookHeaders,
  type WebhookResponse,
} from './cybersource/webhook-handler';
import type { CybersourceIntakeConfig } from './cybersource/webhook-config';
import type { NewPaymentEvent } from '../store/repositories/events';
import { mapCanonicalEvent } from './canonical-entry';
import { ingest, type IngestResult } from './ingest';
import { intakeConfigReader, loadIntakeConfig } from './intake-config';
import { intakeWriter } from './intake-writer';
import { importFile, type ImportOptions, type ImportSummary } from './reports/import-file';

export interface IntakeServiceDeps {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: EventBus;
  /** Called after anything new was stored, so the engine routes it at once. */
  readonly wake: () => void;
  /**
   * Told when storing was refused because the disk is full, and when a store went through again (the app's
   * health, shown as a banner in the console).
   */
  readonly storage?: { readonly full: () => void; readonly wrote: () => void };
  /** Webhook subscriptions (key, key id, webhook id); none means every webhook is refused. */
  readonly subscriptions: readonly WebhookSubscription[];
  /** The installation's message-encryption keys (payment webhooks arrive as JWE); none quarantines them. */
  readonly mle?: MleKeyRing;
  /** Facility → IANA time zone: a report's date-only value is a business date in the facility's zone. */
  readonly zoneFor?: (facility: string) => string;
}

export interface IntakeService {
  webhook(rawBody: string, headers: WebhookHeaders): Promise<WebhookResponse>;
  importFile(path: string, options?: ImportOptions): Promise<ImportSummary>;
  /** Stores an event already in canonical form (see canonical-entry.ts); `sourceRef` says where it came from. */
  enter(event: NewPaymentEvent, sourceRef: string): IngestResult;
  /** Waits for webhook writes still queued, then ends the writer thread (before the database closes). */
  drain(): Promise<void>;
}

export function createIntakeService(deps: IntakeServiceDeps): IntakeService {
  const logger = deps.logger.child({ scope: 'intake' });
  for (const s of deps.subscriptions) {
    if (s.tolerance === 'off')
      logger.warn(
        { keyId: s.keyId },
        'webhook timestamp check is off for this subscription: a captured notification can be replayed at any time',
      );
  }
  // Webhooks are stored on intake's writer thread: those arriving together share one commit and its sync,
  // each is answered once its own write is durable, and this thread (the console, the engine) never waits
  // for the disk.
  const writer = intakeWriter(deps.db);
  // Read per delivery without a database read; a save in the console applies from the next one.
  const webhookConfig = intakeConfigReader(deps.repos.intakeSettings);
  // The receiver's dependencies, rebuilt only when the settings they carry changed.
  let built: { readonly from: CybersourceIntakeConfig; readonly deps: WebhookDeps } | null = null;
  const webhookDeps = (): WebhookDeps => {
    const from = webhookConfig();
    if (built?.from !== from) {
      const config = { ...from, subscriptions: deps.subscriptions };
      built = {
        from,
        deps: {
          ...deps,
          logger,
          config,
          ...(deps.mle ? { mle: deps.mle } : {}),
          writer,
          ...ceilingOf(config),
        },
      };
    }
    return built.deps;
  };
  const announce = () => {
    deps.bus.changed('payment_events', 'quarantined_inputs');
    deps.wake();
  };
  return {
    async webhook(rawBody, headers) {
      const response = await handleWebhook(rawBody, headers, webhookDeps());
      if (response.status === 200) {
        deps.storage?.wrote();
        announce();
      } else if (response.body.outcome === DISK_FULL) {
        deps.storage?.full();
      }
      return response;
    },
    async importFile(path, options = {}) {
      const config = loadIntakeConfig(deps.repos.intakeSettings);
      const summary = await importFile(path, options, { ...deps, logger, config, ...ceilingOf(config) });
      announce();
      return summary;
    },
    enter(event, sourceRef) {
      const config = loadIntakeConfig(deps.repos.intakeSettings);
      const result = ingest(
        { source: event.source, sourceRef, input: event, map: (clean) => mapCanonicalEvent(clean, config) },
        { ...deps, logger, ...ceilingOf(config) },
      );
      announce();
      return result;
    },
    drain: () => writer.drain(),
  };
}

function ceilingOf(config: { readonly amountCeilingMinor?: number }): { amountCeilingMinor?: number } {
  return config.amountCeilingMinor === undefined ? {} : { amountCeilingMinor: config.amountCeilingMinor };
}
