/**
 * The built-in sandbox as the app starts it: the simulated EHRs and processor, and their synthetic traffic.
 * Traffic starts with a burst before the engine and intake exist, so payments are held until the app says
 * where to deliver them.
 */
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { AppInfo } from '../shared/contract';
import type { SandboxChoice } from './app-options';
import type { Clock } from './clock';
import type { ResolvedSource } from './intake/backfill/backfill-source';
import type { WebhookSubscription } from './intake/cybersource/signature';
import type { MleKeyRing } from './intake/cybersource/mle/mle-key-ring';
import type { IntakeService } from './intake/intake-service';
import type { Logger } from './logger';
import { createSandboxCashDesk } from './sandbox/cash/cash-desk';
import { startCashCycle, type SandboxCashDeps } from './sandbox/cash/cash-cycle';
import {
  createSandboxSubscription,
  createWebhookSender,
  startSandbox,
  type GeneratedPayment,
  type RunningSandbox,
  type WebhookSender,
  SANDBOX_TIME_ZONE,
} from './sandbox';

/** Local time the sandbox backfills its processor's previous day. */
const SANDBOX_BACKFILL_AT = '07:00';

export interface AppSandbox {
  readonly sandbox: RunningSandbox;
  /** The sandbox processor's own webhook subscription (its events are stored as source 'sandbox'). */
  readonly subscription: WebhookSubscription | null;
  /**
   * From now on payments go to intake: the processor's as signed webhooks encrypted to this installation's
   * key, as Cybersource sends them; cash and checks (no processor notifies them) as canonical events. Those
   * held so far go first, in order. Answers the webhook sender (its `idle` is awaited at close).
   */
  deliverTo(intake: IntakeService, mle: MleKeyRing): Promise<WebhookSender | null>;
  /** Where backfill reads: the sandbox processor's reports. */
  backfillSource(): ResolvedSource;
  /**
   * Starts the sandbox's cash loop (sandbox/cash/cash-cycle.ts) into this database: funding, bank statements,
   * a chargeback and a deposit that does not match, imported at each cut-off. Only with live traffic in a
   * long-running app; null otherwise.
   */
  cashInto(deps: Omit<SandboxCashDeps, 'dir' | 'logger'>): { stop(): void } | null;
}

export async function startAppSandbox(
  choice: SandboxChoice,
  host: { dataDir: string; mode: AppInfo['mode']; clock: Clock; logger: Logger },
): Promise<AppSandbox> {
  const longRunning = host.mode === 'desktop' || host.mode === 'serve';
  const early: GeneratedPayment[] = [];
  let deliver = (payment: GeneratedPayment): void => {
    early.push(payment);
  };
  const sandbox = await startSandbox({
    dataDir: host.dataDir,
    clock: host.clock,
    logger: host.logger.child({ scope: 'sandbox' }),
    // Tests replay the default traffic; a workstation gets new payments on every start.
    ...(longRunning ? { trafficSeed: host.clock.now() % 2_147_483_647 } : {}),
    traffic: choice.traffic
      ? {
          onEvent: (payment) => deliver(payment),
          // A workstation's sandbox loses a few notifications, as real webhooks are lost, so the morning
          // backfill has work to show (tests choose their own rate).
          ...(choice.dropRate !== undefined
            ? { dropRate: choice.dropRate }
            : longRunning
              ? { dropRate: 0.05 }
              : {}),
          ...(choice.ratePerMinute !== undefined ? { ratePerMinute: choice.ratePerMinute } : {}),
        }
      : false,
  });
  if (choice.traffic && longRunning) {
    // With live traffic the simulated EHRs misbehave a little, as real ones do, so a new user sees Retry and
    // verification at work within minutes (tests script their own faults instead).
    for (const sim of [sandbox.oracle, sandbox.epic]) {
      sim.faults.configure({
        rates: [
          { fault: { kind: 'server_error', status: 503 }, rate: 0.03 },
          { fault: { kind: 'rate_limited', retryAfter: 'seconds', seconds: 20 }, rate: 0.03 },
          { fault: { kind: 'commit_then_drop' }, rate: 0.02 },
        ],
      });
    }
  }
  const subscription = sandbox.traffic ? createSandboxSubscription() : null;
  return {
    sandbox,
    subscription,
    async deliverTo(intake, mle) {
      const key = subscription ? await mle.ensure() : null;
      const webhooks = subscription
        ? createWebhookSender({
            subscription,
            encryptTo: key ? { kid: key.kid, publicKey: createPublicKey(key.publicKeyPem) } : null,
            clock: host.clock,
            logger: host.logger.child({ scope: 'sandbox' }),
            deliver: (rawBody, headers) => intake.webhook(rawBody, headers),
          })
        : null;
      deliver = (payment) => {
        // A lost notification never arrives: only backfill (the processor's report) or a replay brings it.
        if (payment.dropped) return;
        if (webhooks?.send(payment)) return;
        const event =
          payment.workflow === 'manual' ? { ...payment.event, source: 'manual' as const } : payment.event;
        intake.enter(event, 'sandbox traffic');
      };
      for (const payment of early.splice(0)) deliver(payment);
      return webhooks;
    },
    cashInto: (deps) =>
      choice.traffic && longRunning
        ? startCashCycle(createSandboxCashDesk(sandbox.cybersource.sim.ledger), SANDBOX_TIME_ZONE, {
            ...deps,
            logger: host.logger.child({ scope: 'sandbox' }),
            dir: join(host.dataDir, 'sandbox', 'cash'),
          })
        : null,
    backfillSource: () => ({
      ok: true,
      source: {
        rest: sandbox.cybersource.rest,
        plan: sandbox.cybersource.plan,
        eventSource: 'sandbox',
        at: SANDBOX_BACKFILL_AT,
      },
    }),
  };
}

/** What the console is told of the running sandbox: its simulators' addresses and whether traffic runs. */
export function sandboxInfo(sandbox: RunningSandbox, traffic: boolean): NonNullable<AppInfo['sandbox']> {
  return { oracleHealth: sandbox.oracle.baseUrl, epic: sandbox.epic.baseUrl, traffic };
}
