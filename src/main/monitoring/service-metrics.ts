/**
 * The service's metrics in the Prometheus text format, through prom-client
 * (https://github.com/siimon/prom-client). Gauges are read when Prometheus scrapes (store-readings.ts, the
 * engine's status, the data disk); counters of what arrives over HTTP are counted as it arrives.
 *
 * Labels carry codes and connection ids only: no payment, patient or account data ever becomes a label.
 */
import { statfs } from 'node:fs/promises';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { AppHealth, BreakerState, EngineStatus } from '../../shared/contract';
import type { Clock } from '../clock';
import type { StoreReadings } from './store-readings';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half_open'];
/** Refusal and outcome codes are the webhook handler's constants; anything else is folded into one label. */
const CODE = /^[a-z][a-z0-9_]{0,47}$/;

export interface MetricsSources {
  readonly readings: StoreReadings;
  readonly engineStatus: () => EngineStatus;
  readonly health: () => AppHealth;
  /** The folder holding the database: its disk's free space is reported. */
  readonly dataDir: string;
  readonly clock: Clock;
}

export interface ServiceMetrics {
  /** Prometheus's text exposition format, version 0.0.4. */
  readonly contentType: string;
  render(): Promise<string>;
  /** Called with every answer given to a processor webhook (a refusal is an answer whose `ok` is false). */
  webhookAnswered(outcome: string, ok: boolean): void;
}

export function createServiceMetrics(sources: MetricsSources): ServiceMetrics {
  const registry = new Registry();
  // Process memory, CPU and event-loop lag: what an IT team watches on any Node service.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'clearpost_postings',
    help: 'Postings by status (final statuses from the dashboard rollup, open ones counted live).',
    labelNames: ['status'] as const,
    registers,
    collect() {
      this.reset();
      for (const [status, count] of sources.readings.postingsByStatus(sources.clock.now()))
        this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'clearpost_oldest_retry_age_seconds',
    help: 'Age of the oldest posting waiting in Retry; 0 when none is.',
    registers,
    collect() {
      this.set(sources.readings.oldestRetryAgeMs(sources.clock.now()) / 1000);
    },
  });
  new Counter({
    name: 'clearpost_attempts_total',
    help: 'Posting attempts finished since the service started, by outcome and EHR connection.',
    labelNames: ['outcome', 'connection'] as const,
    registers,
    collect() {
      for (const t of sources.readings.newAttempts())
        this.inc({ outcome: t.outcome, connection: t.connection }, t.count);
    },
  });
  new Counter({
    name: 'clearpost_intake_events_total',
    help: 'Payment events stored since the service started, by source (webhook, file, manual, sandbox).',
    labelNames: ['source'] as const,
    registers,
    collect() {
      for (const t of sources.readings.newEvents()) this.inc({ source: t.source }, t.count);
    },
  });
  new Gauge({
    name: 'clearpost_breaker_state',
    help: "Each EHR connection's circuit breaker: 1 for its current state (closed, open, half_open), else 0.",
    labelNames: ['connection', 'ehr', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of sources.engineStatus().connections)
        for (const state of BREAKER_STATES)
          this.set({ connection: c.id, ehr: c.ehr, state }, c.breaker === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clearpost_engine_running',
    help: '1 while the posting engine runs.',
    registers,
    collect() {
      this.set(sources.engineStatus().state === 'running' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clearpost_disk_free_bytes',
    help: 'Space available to Clearpost on the disk holding its data folder.',
    registers,
    async collect() {
      const fs = await statfs(sources.dataDir);
      this.set(fs.bavail * fs.bsize);
    },
  });
  new Gauge({
    name: 'clearpost_disk_full',
    help: '1 while storing is refused because the data disk is full (webhooks are answered 503).',
    registers,
    collect() {
      this.set(sources.health().diskFull ? 1 : 0);
    },
  });
  const deliveries = new Counter({
    name: 'clearpost_webhook_deliveries_total',
    help: 'Processor webhooks answered over HTTP since the service started, by outcome (stored, duplicate, quarantined, or a refusal code).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const refusals = new Counter({
    name: 'clearpost_webhook_refusals_total',
    help: 'Processor webhooks refused over HTTP since the service started, by reason (bad_signature, stale_timestamp, ...).',
    labelNames: ['reason'] as const,
    registers,
  });

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    webhookAnswered(outcome, ok) {
      const code = CODE.test(outcome) ? outcome : 'other';
      deliveries.inc({ outcome: code });
      if (!ok) refusals.inc({ reason: code });
    },
  };
}
