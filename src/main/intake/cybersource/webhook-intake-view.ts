/** What Settings shows of Cybersource webhook intake: the MLE keys and how each subscription is checked. */
import type { WebhookIntakeView } from '../../../shared/commands/settings';
import type { IntakeSettingsRepository } from '../../store/repositories/intake-settings';
import type { MleKeyRing } from './mle/mle-key-ring';
import { toleranceOf, type WebhookSubscription } from './signature';
import { readSignatureReadings } from './signature-readings';

export const TOLERANCE_OFF_WARNING =
  'The timestamp check is off: a captured notification can be replayed at any time. Turn it on once the ' +
  'clocks agree.';

export async function webhookIntakeView(input: {
  readonly mle: MleKeyRing;
  readonly subscriptions: readonly WebhookSubscription[];
  readonly intakeSettings: IntakeSettingsRepository;
  readonly now: number;
}): Promise<WebhookIntakeView> {
  const readings = readSignatureReadings(input.intakeSettings);
  return {
    mleKeys: (await input.mle.list()).map((k) => ({
      kid: k.kid,
      fingerprint: k.fingerprint,
      createdAt: k.createdAt,
      ageDays: Math.floor((input.now - k.createdAt) / 86_400_000),
    })),
    subscriptions: input.subscriptions.map((s) => {
      const tolerance = toleranceOf(s);
      const reading = readings[s.keyId];
      return {
        keyId: s.keyId,
        webhookId: s.webhookId ?? null,
        toleranceMinutes: tolerance === 'off' ? 'off' : Math.round(tolerance / 60_000),
        signatureReading: reading?.reading ?? null,
        signatureReadingSince: reading?.since ?? null,
        warning: tolerance === 'off' ? TOLERANCE_OFF_WARNING : null,
      };
    }),
  };
}
