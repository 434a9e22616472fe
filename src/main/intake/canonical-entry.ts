/**
 * An event that reaches intake already in canonical form from a source inside Clearpost: the sandbox's
 * cash and paper-check payments, which no processor would notify. It takes the same path as everything
 * else (card guard, the site's guarantor rules, validation, the ceiling, the one-kind rule, then the event
 * and its admission-queue row together, or quarantine with the reason), so that nothing is stored by a
 * side door.
 */
import { applyGuarantorRules } from './canonical/apply-guarantor-rules';
import { NO_GUARANTOR_RULES } from './canonical/guarantor-rules';
import type { CybersourceIntakeConfig } from './cybersource/webhook-config';
import { CanonicalEventSchema, summarizeIssues } from './event-schema';
import type { MapOutcome } from './ingest';
import { reject } from './quarantine-reasons';

/** Reads a (guarded) canonical event and applies the guarantor rules, as the processor's mappers do. */
export function mapCanonicalEvent(input: unknown, config: CybersourceIntakeConfig): MapOutcome {
  const parsed = CanonicalEventSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, rejection: reject('invalid_event', summarizeIssues(parsed.error)) };
  }
  // A canonical event carries no date of birth: the rules that need one treat it as absent.
  return applyGuarantorRules(
    { ok: true, event: parsed.data, disposition: 'post' },
    { present: false },
    config.guarantorRules ?? NO_GUARANTOR_RULES,
  );
}
