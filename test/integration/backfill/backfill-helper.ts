import { createPublicKey } from 'node:crypto';
/**
 * A data folder configured as a site would be for backfill (Cybersource REST settings, the shared secret in
 * the vault), the sandbox's simulated processor on loopback, and the sandbox traffic delivered as signed
 * webhooks into the folder's intake with some notifications lost on the way.
 */
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { systemClock } from '../../../src/main/clock';
import { createLogger } from '../../../src/main/logger';
import { dataLayout } from '../../../src/main/paths';
import {
  startSandboxProcessor,
  SANDBOX_CYBERSOURCE_CREDENTIALS,
  type SandboxProcessor,
} from '../../../src/main/sandbox/cybersource/sandbox-processor';
import { createTrafficGenerator, type GeneratedPayment } from '../../../src/main/sandbox/traffic-generator';
import { createSandboxSubscription, createWebhookSender } from '../../../src/main/sandbox/webhook-sender';
import { createSandboxWorld } from '../../../src/main/sandbox/world';
import { cybersourceRestBinding } from '../../../src/main/settings/secret-bindings';
import { createSettingsStore } from '../../../src/main/settings/settings-store';
import { defaultVault } from '../../../src/main/trust/setup-trust';

export const SECRET_REF = 'cybersource.rest.shared-secret';
export const silent = createLogger(null);

/** Saves cybersourceReporting pointing at the simulator, and its shared secret bound to that address. */
export async function configureReporting(
  dataDir: string,
  processor: SandboxProcessor,
  sharedSecret = SANDBOX_CYBERSOURCE_CREDENTIALS.sharedSecret,
): Promise<void> {
  const layout = dataLayout(dataDir);
  const settings = createSettingsStore(layout.settings);
  const reporting = {
    baseUrl: processor.rest.baseUrl,
    merchantId: processor.rest.merchantId,
    keyId: processor.rest.keyId,
    sharedSecretRef: SECRET_REF,
    reportName: processor.plan.reportName,
    webhookId: processor.plan.webhookId,
    timeZone: processor.plan.timeZone,
    organizations: [...processor.plan.organizations],
    at: '07:00',
    enabled: true,
  };
  settings.save({ ...settings.get(), cybersourceReporting: reporting });
  const vault = await defaultVault(layout, {});
  await vault.set(SECRET_REF, sharedSecret, cybersourceRestBinding(reporting));
}

export interface Delivered {
  readonly sent: GeneratedPayment[];
  /** Notifications the processor sent that never arrived. */
  readonly dropped: GeneratedPayment[];
}

/**
 * Runs `count` sandbox payments through a Clearpost opened on the folder (no engine), as signed webhooks,
 * losing about `dropRate` of them; the processor's ledger records every one.
 */
export async function deliverTraffic(
  dataDir: string,
  processor: SandboxProcessor,
  count: number,
  dropRate: number,
): Promise<Delivered> {
  const subscription = createSandboxSubscription();
  const app: ClearpostApp = await createApp({
    dataDir,
    mode: 'cli',
    logger: silent,
    engine: { autoStart: false },
    webhookSubscriptions: [{ ...subscription, source: 'webhook' }],
  });
  try {
    // Encrypted to the installation's key, as the sandbox and Cybersource send payment events.
    const key = await app.trust.mle.ensure();
    const sender = createWebhookSender({
      subscription,
      encryptTo: { kid: key.kid, publicKey: createPublicKey(key.publicKeyPem) },
      clock: systemClock,
      redeliveryRate: 0,
      deliver: (raw, headers) => app.intake.webhook(raw, headers),
    });
    const sent: GeneratedPayment[] = [];
    const dropped: GeneratedPayment[] = [];
    const traffic = createTrafficGenerator({
      world: createSandboxWorld(7),
      clock: systemClock,
      seed: 23,
      dropRate,
      onEvent: (payment) => {
        processor.record(payment);
        if (payment.dropped) dropped.push(payment);
        else if (sender.send(payment)) sent.push(payment);
      },
    });
    traffic.burst(count);
    await sender.idle(); // sends are encrypted first: all answered before the app closes
    return { sent, dropped };
  } finally {
    await app.close();
  }
}

export function startProcessor(): Promise<SandboxProcessor> {
  return startSandboxProcessor({ clock: systemClock, logger: silent });
}
