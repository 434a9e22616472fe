import type { Database } from 'better-sqlite3';

export interface NewWebhookDelivery {
  readonly webhookId: string;
  readonly eventType: string | null;
  readonly traceId: string | null;
  readonly retryNumber: number | null;
  readonly outcome: 'stored' | 'duplicate' | 'quarantined';
  readonly eventId: number | null;
  readonly quarantineId: number | null;
}

export interface WebhookDelivery extends NewWebhookDelivery {
  readonly id: number;
  readonly receivedAt: number;
}

const DELIVERY_COLUMNS = `id, received_at AS receivedAt, webhook_id AS webhookId, event_type AS eventType,
  trace_id AS traceId, retry_number AS retryNumber, outcome, event_id AS eventId, quarantine_id AS quarantineId`;

/** Authenticated webhook deliveries and their outcome, for the operator's delivery log. */
export function webhookDeliveriesRepository(db: Database) {
  const insert = db.prepare(
    `INSERT INTO webhook_deliveries (received_at, webhook_id, event_type, trace_id, retry_number, outcome, event_id,
       quarantine_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recent = db.prepare<[number], WebhookDelivery>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries ORDER BY id DESC LIMIT ?`,
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM webhook_deliveries');
  return {
    record(d: NewWebhookDelivery, now: number): void {
      insert.run(
        now,
        d.webhookId,
        d.eventType,
        d.traceId,
        d.retryNumber,
        d.outcome,
        d.eventId,
        d.quarantineId,
      );
    },
    recent: (limit = 100): WebhookDelivery[] => recent.all(limit),
    count: (): number => count.get()?.n ?? 0,
  };
}
export type WebhookDeliveriesRepository = ReturnType<typeof webhookDeliveriesRepository>;
