/**
 * The guarantor rules applied to a mapped event, last step of the canonical mapping: a remapped account keeps
 * the original in the extras (`originalGuarantorAccount`) with the rule that applied (`guarantorRule`), and an
 * unresolvable one refuses the event with `guarantor_mismatch` so that it is reviewed in quarantine.
 */
import type { MapOutcome } from '../ingest';
import { resolveGuarantor, type DobReading, type GuarantorRules } from './guarantor-rules';

export function applyGuarantorRules(outcome: MapOutcome, dob: DobReading, rules: GuarantorRules): MapOutcome {
  if (!outcome.ok) return outcome;
  const { event } = outcome;
  const original = event.guarantorAccount ?? null;
  const resolved = resolveGuarantor(event.ehr, original, dob, rules);
  if (!resolved.ok) {
    // A declined payment is recorded and never posted: nothing to review, so record it and say so.
    if (outcome.disposition === 'declined')
      return { ...outcome, event: { ...event, extras: { ...event.extras, guarantorUnresolved: true } } };
    return resolved;
  }
  if (resolved.applied.length === 0) return outcome;
  const extras: Record<string, unknown> = {
    ...event.extras,
    guarantorRule: resolved.applied.join('+'),
  };
  if (resolved.dobMatched !== undefined) extras.dobMatched = resolved.dobMatched;
  if (resolved.account !== original) extras.originalGuarantorAccount = original;
  return { ...outcome, event: { ...event, guarantorAccount: resolved.account, extras } };
}
