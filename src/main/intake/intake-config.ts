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
import { MAX_AMOUNT_CEILING_MINOR } from './ingest';

const SETTINGS_KEY = 'intake.cybersource';

export const IntakeSettings = z.object({
  fieldRules: CustomFieldRules.optional(),
  defaultFacility: z.string().trim().min(1).max(100).nullable().optional(),
  defaultEhr: z.enum(EHR_SYSTEMS).nullable().optional(),
  // Dates of birth typed into these rules are saved only as digests (see guarantor-rules.ts).
  guarantorRules: GuarantorRules.optional(),
  // Minor units; inputs above it are quarantined (see ingest.ts DEFAULT_AMOUNT_CEILING_MINOR).
  amountCeilingMinor: z.number().int().min(1).max(MAX_AMOUNT_CEILING_MINOR).optional(),
});
export type IntakeSettingsInput = z.input<typeof IntakeSettings>;
export type IntakeSettingsValue = z.output<typeof IntakeSettings>;

function merge(settings: IntakeSettingsValue): CybersourceIntakeConfig {
  return {
    fieldRules: settings.fieldRules ?? DEFAULT_INTAKE_CONFIG.fieldRules,
    defaultFacility: settings.defaultFacility ?? null,
    defaultEhr: settings.defaultEhr ?? null,
    guarantorRules: settings.guarantorRules ?? NO_GUARANTOR_RULES,
    ...(settings.amountCeilingMinor === undefined ? {} : { amountCeilingMinor: settings.amountCeilingMinor }),
  };
}

interface Loaded {
  readonly raw: string | undefined;
  readonly settings: IntakeSettingsValue;
  readonly config: CybersourceIntakeConfig;
}

/**
 * Every webhook and import reads the settings afresh, so a save applies from the next input without a
 * restart. Parsing (up to 50,000 merged accounts and date-of-birth rules) is redone only when the stored
 * text changed; keeping the same rules object also keeps guarantor-rules.ts's compiled index.
 */
const loaded = new WeakMap<IntakeSettingsRepository, Loaded>();

function load(settings: IntakeSettingsRepository): Loaded {
  const raw = settings.raw(SETTINGS_KEY);
  const hit = loaded.get(settings);
  if (hit && hit.raw === raw) return hit;
  const parsed = IntakeSettings.safeParse(raw === undefined ? {} : (JSON.parse(raw) as unknown));
  const entry: Loaded = parsed.success
    ? { raw, settings: parsed.data, config: merge(parsed.data) }
    : { raw, settings: {}, config: DEFAULT_INTAKE_CONFIG };
  loaded.set(settings, entry);
  return entry;
}

export function loadIntakeConfig(settings: IntakeSettingsRepository): CybersourceIntakeConfig {
  return load(settings).config;
}

/** Counts the saves made in this process: a config held by `intakeConfigReader` is stale once it moved. */
let saves = 0;

/** How long the webhook receiver goes without looking for a save made by another process. */
export const INTAKE_CONFIG_RECHECK_MS = 1_000;

/**
 * The settings as the webhook receiver reads them: without a database read per delivery. A save in this
 * process (the console's, through `saveIntakeConfig`) applies from the next delivery, as with
 * `loadIntakeConfig`; the stored text is otherwise looked at again at most every `recheckMs`, which covers
 * a save made by another process on the same data folder.
 */
export function intakeConfigReader(
  settings: IntakeSettingsRepository,
  monotonicMs: () => number = () => performance.now(),
  recheckMs = INTAKE_CONFIG_RECHECK_MS,
): () => CybersourceIntakeConfig {
  let held: CybersourceIntakeConfig | null = null;
  let heldSaves = -1;
  let readAt = 0;
  return () => {
    const at = monotonicMs();
    if (held === null || heldSaves !== saves || at - readAt >= recheckMs) {
      held = loadIntakeConfig(settings);
      heldSaves = saves;
      readAt = at;
    }
    return held;
  };
}

/** The settings as saved (validated; what is not set is absent), for the console's editor. */
export function loadIntakeSettings(settings: IntakeSettingsRepository): IntakeSettingsValue {
  return load(settings).settings;
}

/** Validates and saves; throws the zod error for the console to show field by field. */
export function saveIntakeConfig(
  settings: IntakeSettingsRepository,
  input: unknown,
  now: number,
): CybersourceIntakeConfig {
  const parsed = IntakeSettings.parse(input);
  settings.put(SETTINGS_KEY, parsed, now);
  saves += 1;
  return merge(parsed);
}
