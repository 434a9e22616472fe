/**
 * Intake settings as operators edit them in the console (merchant-defined field rules, custom-field rules,
 * default facility and EHR, guarantor mismatch rules), stored under one key and validated on the way in and on the way out, so a bad
 * saved value falls back to the defaults instead of breaking intake.
 */
import { z } from 'zod';
import { EHR_SYSTEMS } from '../../shared/domain';
import type { IntakeSettingsRepository } from '../store/repositories/intake-settings';
import { CustomFieldRules } from './canonical/custom-fields';
import { GuarantorRules, NO_GUARANTOR_RULES } from './canonical/guarantor-rules';
import { DEFAULT_INTAKE_CONFIG, type CybersourceIntakeConfig } from './cybersource/webhook-config';

const SETTINGS_KEY = 'intake.cybersource';

export const IntakeSettings = z.object({
  fieldRules: CustomFieldRules.optional(),
  defaultFacility: z.string().trim().min(1).max(100).nullable().optional(),
  defaultEhr: z.enum(EHR_SYSTEMS).nullable().optional(),
  // Dates of birth typed into these rules are saved only as digests (see guarantor-rules.ts).
  guarantorRules: GuarantorRules.optional(),
});
export type IntakeSettingsInput = z.input<typeof IntakeSettings>;

function merge(settings: z.output<typeof IntakeSettings>): CybersourceIntakeConfig {
  return {
    fieldRules: settings.fieldRules ?? DEFAULT_INTAKE_CONFIG.fieldRules,
    defaultFacility: settings.defaultFacility ?? null,
    defaultEhr: settings.defaultEhr ?? null,
    guarantorRules: settings.guarantorRules ?? NO_GUARANTOR_RULES,
  };
}

export function loadIntakeConfig(settings: IntakeSettingsRepository): CybersourceIntakeConfig {
  const parsed = IntakeSettings.safeParse(settings.get(SETTINGS_KEY) ?? {});
  return parsed.success ? merge(parsed.data) : DEFAULT_INTAKE_CONFIG;
}

/** Validates and saves; throws the zod error for the console to show field by field. */
export function saveIntakeConfig(
  settings: IntakeSettingsRepository,
  input: unknown,
  now: number,
): CybersourceIntakeConfig {
  const parsed = IntakeSettings.parse(input);
  settings.put(SETTINGS_KEY, parsed, now);
  return merge(parsed);
}
