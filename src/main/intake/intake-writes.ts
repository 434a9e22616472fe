/**
 * Intake's durable writes as its writer thread runs them (intake-writer-worker.ts) on its own connection at
 * synchronous = FULL: a webhook screened on the main thread (verified, decrypted, guarded, mapped) is stored
 * here with its signature reading and its delivery record, inside the writer's transaction for its batch.
 * Webhooks arriving together share that commit and its sync, and the main thread never waits for the disk:
 * it answers each delivery once its own commit returned (store/writer-runtime.ts says why that is durable).
 */
import type { Database } from 'better-sqlite3';
import type { SignatureReading } from './cybersource/signature';
import { recordSignatureReading } from './cybersource/signature-readings';
import { storeScreened, type IngestResult, type Screened, type StoreRequest } from './ingest';
import { createRepositories } from '../store/repositories';
import type { NewWebhookDelivery } from '../store/repositories/webhook-deliveries';

export interface WebhookWrite {
  readonly request: StoreRequest;
  readonly screened: Screened;
  /** The signature reading the delivery matched, kept per subscription for Settings. */
  readonly reading: {
    readonly subscription: { readonly keyId: string; readonly webhookId?: string | null };
    readonly reading: SignatureReading;
  };
  /** The delivery log's entry; its outcome and ids are the store's. */
  readonly delivery: Omit<NewWebhookDelivery, 'outcome' | 'eventId' | 'quarantineId'>;
  readonly now: number;
}

export function intakeWrites(db: Database) {
  const repos = createRepositories(db);
  return {
    storeWebhook(write: WebhookWrite): IngestResult {
      const { now } = write;
      const result = storeScreened(write.request, write.screened, {
        db,
        repos,
        clock: { now: () => now },
      });
      recordSignatureReading(repos.intakeSettings, write.reading.subscription, write.reading.reading, now);
      repos.webhookDeliveries.record(
        {
          ...write.delivery,
          outcome: result.outcome,
          eventId: result.outcome === 'quarantined' ? null : result.eventId,
          quarantineId: result.outcome === 'quarantined' ? result.quarantineId : null,
        },
        now,
      );
      return result;
    },
  };
}
export type IntakeWrites = ReturnType<typeof intakeWrites>;
