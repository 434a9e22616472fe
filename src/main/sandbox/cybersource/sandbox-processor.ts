/**
 * The embedded sandbox's processor side: the Cybersource simulator with the sandbox's fixed credentials,
 * one organization (merchant id) per sandbox facility, and the backfill plan that points Clearpost at it.
 * Fixed credentials, like the simulated EHRs', so a person can point a client at `npm run sandbox` by hand;
 * the simulator listens on loopback and holds synthetic payments only.
 */
import type { CybersourceRestConfig } from '../../intake/backfill/cybersource-rest-client';
import { DEFAULT_REPORT_NAME, type BackfillPlan } from '../../intake/backfill/backfill-settings';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { GeneratedPayment } from '../traffic-generator';
import { isProcessorPayment } from '../webhook-envelope';
import { SANDBOX_WEBHOOK_ID } from '../webhook-sender';
import { SANDBOX_FACILITIES, SANDBOX_TIME_ZONE } from '../world';
import { startCybersourceSim, type CybersourceSim, type CybersourceSimCredentials } from './cybersource-sim';
import { sandboxOrganizationId } from './processor-ledger';

export const SANDBOX_CYBERSOURCE_CREDENTIALS: CybersourceSimCredentials = {
  merchantId: 'clearpost_sandbox',
  keyId: 'clearpost-sandbox-rest-key',
  sharedSecret: Buffer.from('sandbox-only-cybersource-shared-secret').toString('base64'),
};

export interface SandboxProcessor {
  readonly sim: CybersourceSim;
  /** Where backfill downloads from and what it imports, for the sandbox's own processor. */
  readonly rest: CybersourceRestConfig;
  readonly plan: BackfillPlan;
  /** Records what the processor sent (every notified payment, lost or not) before it is delivered. */
  record(payment: GeneratedPayment): void;
}

export async function startSandboxProcessor(options: {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly port?: number;
  /** Delivers a payment's notification (a replay of a lost one). */
  readonly redeliver?: (payment: GeneratedPayment) => void;
}): Promise<SandboxProcessor> {
  const sim = await startCybersourceSim({
    clock: options.clock,
    logger: options.logger,
    credentials: SANDBOX_CYBERSOURCE_CREDENTIALS,
    timeZone: SANDBOX_TIME_ZONE,
    webhookId: SANDBOX_WEBHOOK_ID,
    reportName: DEFAULT_REPORT_NAME,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.redeliver
      ? {
          redeliver: (sent) => {
            // A replayed notification arrives: deliver it as sent, no longer lost.
            options.redeliver?.({ ...sent.payment, dropped: false });
          },
        }
      : {}),
  });
  return {
    sim,
    rest: { baseUrl: sim.baseUrl, ...SANDBOX_CYBERSOURCE_CREDENTIALS },
    plan: {
      reportName: DEFAULT_REPORT_NAME,
      webhookId: SANDBOX_WEBHOOK_ID,
      timeZone: SANDBOX_TIME_ZONE,
      organizations: SANDBOX_FACILITIES.map((f) => ({
        organizationId: sandboxOrganizationId(f.code),
        facility: f.code,
        ehr: f.ehr,
      })),
    },
    record(payment) {
      if (!isProcessorPayment(payment)) return;
      sim.ledger.record({
        payment,
        organizationId: sandboxOrganizationId(payment.event.facility),
        dropped: payment.dropped === true,
      });
    },
  };
}
