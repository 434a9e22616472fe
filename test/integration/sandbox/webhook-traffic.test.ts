/**
 * Sandbox traffic through the real intake path: the generator's payments arrive as signed webhooks (some
 * delivered twice), are stored once each with source 'sandbox', and are routed by the engine. Payments a
 * processor never sends (manual workflow, cash, paper checks) keep arriving directly.
 */
import { describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import type { WebhookDelivery } from '../../../src/main/store/repositories/webhook-deliveries';
import { createTrafficGenerator, type GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import { isProcessorPayment } from '../../../src/main/sandbox/webhook-envelope';
import {
  DEFAULT_REDELIVERY_RATE,
  isRedelivered,
  SANDBOX_WEBHOOK_ID,
} from '../../../src/main/sandbox/webhook-sender';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** startSandbox's default seed: replaying it yields every payment the app's generator made, in order. */
const SANDBOX_SEED = 7;

function replay(app: ClearpostApp, count: number): GeneratedPayment[] {
  const generator = createTrafficGenerator({
    world: app.sandbox!.world,
    clock: { now: () => Date.now() },
    seed: SANDBOX_SEED,
    onEvent: () => undefined,
  });
  return Array.from({ length: count }, () => generator.next());
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface EventRow {
  readonly id: number;
  readonly processorTxnId: string;
  readonly kind: string;
  readonly source: string;
}

describe('sandbox traffic as signed webhooks', () => {
  it('stores each generated payment once, through intake, and the engine routes every one', async () => {
    const app = await createApp({
      dataDir: tempDir(),
      mode: 'test',
      logger: silentLogger,
      sandbox: { traffic: true, ratePerMinute: 6_000 },
    });
    try {
      const traffic = app.sandbox!.traffic!;
      const burst = traffic.burst(200);
      traffic.stop();
      const generated = replay(app, traffic.generated);
      expect(generated.slice(-burst.length).map((p) => p.event.processorTxnId)).toEqual(
        burst.map((p) => p.event.processorTxnId),
      );

      const db = app.store.db;
      const countOf = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? -1;
      await until(
        () =>
          countOf('SELECT count(*) AS n FROM payment_events') === generated.length &&
          countOf('SELECT count(*) AS n FROM postings') === generated.length,
        'every generated payment to be stored and routed',
      );

      const events = db
        .prepare<[], EventRow>(
          'SELECT id, processor_txn_id AS processorTxnId, kind, source FROM payment_events ORDER BY id',
        )
        .all();
      const byKey = new Map(events.map((e) => [`${e.processorTxnId}:${e.kind}`, e]));
      // Deliveries are encrypted and answered asynchronously: a redelivery may still be on its way.
      const sentToIntake = generated.filter(isProcessorPayment);
      await until(
        () =>
          countOf('SELECT count(*) AS n FROM webhook_deliveries') ===
          sentToIntake.length + sentToIntake.filter((p) => isRedelivered(p, DEFAULT_REDELIVERY_RATE)).length,
        'every delivery, redeliveries included',
      );
      const deliveries: WebhookDelivery[] = app.repos.webhookDeliveries.recent(10_000);
      const postingsPerEvent = new Map(
        db
          .prepare<[], { eventId: number; n: number }>(
            'SELECT event_id AS eventId, count(*) AS n FROM postings GROUP BY event_id',
          )
          .all()
          .map((r) => [r.eventId, r.n]),
      );

      const webhookPayments = generated.filter(isProcessorPayment);
      const redelivered = webhookPayments.filter((p) => isRedelivered(p, DEFAULT_REDELIVERY_RATE));
      // The sandbox must exercise every branch: webhooks, redeliveries and the direct path.
      expect(webhookPayments.length).toBeGreaterThan(100);
      expect(redelivered.length).toBeGreaterThan(0);
      expect(generated.length - webhookPayments.length).toBeGreaterThan(0);

      for (const payment of generated) {
        const event = byKey.get(`${payment.event.processorTxnId}:${payment.event.kind}`);
        expect(event, payment.event.processorTxnId).toBeDefined();
        if (!event) continue;
        expect(event.source).toBe(payment.workflow === 'manual' ? 'manual' : 'sandbox');
        expect(postingsPerEvent.get(event.id)).toBe(1);

        const mine = deliveries.filter((d) => d.eventId === event.id);
        if (!isProcessorPayment(payment)) {
          expect(mine).toEqual([]);
          continue;
        }
        expect(mine.filter((d) => d.outcome === 'stored').map((d) => d.retryNumber)).toEqual([0]);
        const duplicates = mine.filter((d) => d.outcome === 'duplicate');
        if (isRedelivered(payment)) {
          expect(duplicates.map((d) => d.retryNumber)).toEqual([1]);
          expect(duplicates[0]?.traceId).not.toBe(mine.find((d) => d.outcome === 'stored')?.traceId);
        } else {
          expect(duplicates).toEqual([]);
        }
      }
      expect(deliveries).toHaveLength(webhookPayments.length + redelivered.length);
      expect(deliveries.every((d) => d.webhookId === SANDBOX_WEBHOOK_ID)).toBe(true);
      expect(countOf("SELECT count(*) AS n FROM webhook_deliveries WHERE outcome = 'duplicate'")).toBe(
        redelivered.length,
      );

      // What the webhooks carried is enough to post: apart from Epic's daily file and the manual workflow,
      // every payment without a planted problem posts, so none was refused for a field (card details, check
      // number, plan id) the envelope should have carried.
      await until(
        () =>
          countOf(
            "SELECT count(*) AS n FROM postings WHERE channel = 'api' AND status IN ('pending', 'in_flight', 'retry')",
          ) === 0,
        'the API postings to finish',
      );
      const planted = new Set(generated.filter((p) => p.problem !== null).map((p) => p.event.processorTxnId));
      const unposted = db
        .prepare<[], { processorTxnId: string; channel: string; status: string; reason: string | null }>(
          `SELECT e.processor_txn_id AS processorTxnId, p.channel, p.status, p.reason
             FROM postings p JOIN payment_events e ON e.id = p.event_id
            WHERE p.status <> 'success' AND p.channel NOT IN ('daily_file', 'manual')`,
        )
        .all();
      expect(unposted.filter((u) => !planted.has(u.processorTxnId))).toEqual([]);

      // The planted data problems are EHR-side exceptions (unknown account, PayPal to Oracle Health, closed
      // encounter, combined account), not unreadable input: intake stores them and none reaches quarantine.
      expect(generated.some((p) => p.problem !== null && isProcessorPayment(p))).toBe(true);
      expect(countOf('SELECT count(*) AS n FROM quarantined_inputs')).toBe(0);
    } finally {
      await app.close();
    }
  });
});
