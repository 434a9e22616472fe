/**
 * Site custom-field mapping rules, kept as data so operators edit them in settings: each rule takes a
 * source field (a merchant-defined data key, a report column), applies simple transforms, and writes a
 * target field. Targets named in CANONICAL_TARGETS feed the payment event itself; any other target is kept
 * in the event's extras (e.g. 'Payment Plan ID', 'Patient Loyalty Tier', communication consent).
 */
import {
  CustomFieldRule,
  CustomFieldRules,
  TRANSFORMS,
  type Transform,
} from '../../../shared/generic-mapping';
import { standardizeLine, standardizeState, standardizeZip } from './address';
import { toE164 } from './phone';

// The rule's schema lives with the mapping's in shared/ (the console's editors show the same rules).
export { CustomFieldRule, CustomFieldRules, TRANSFORMS, type Transform };

export const CANONICAL_TARGETS = [
  'guarantorAccount',
  'encounterId',
  'claimId',
  'facility',
  'ehr',
  'paymentPlanId',
] as const;
export type CanonicalTarget = (typeof CANONICAL_TARGETS)[number];

export interface MappedFields {
  readonly canonical: Partial<Record<CanonicalTarget, string>>;
  readonly extras: Record<string, string | boolean>;
  /** Values a transform refused, as "source → target: why"; never the values themselves. */
  readonly problems: readonly string[];
}

export function fieldKey(name: string): string {
  let key = fieldKeys.get(name);
  if (key === undefined) {
    key = name.toLowerCase().replace(/[\s_-]/g, '');
    // Field names repeat on every row of a file and every webhook: each is normalised once. Bounded, so a
    // stream of distinct names cannot grow it without limit.
    if (fieldKeys.size >= 4096) fieldKeys.clear();
    fieldKeys.set(name, key);
  }
  return key;
}
const fieldKeys = new Map<string, string>();

function applyTransform(value: string, transform: Transform): string | boolean | null {
  switch (transform) {
    case 'trim':
      return value.trim();
    case 'upper':
      return value.toUpperCase();
    case 'lower':
      return value.toLowerCase();
    case 'digits':
      return value.replace(/\D/g, '');
    case 'e164':
      return toE164(value);
    case 'zip':
      return standardizeZip(value);
    case 'state':
      return standardizeState(value);
    case 'address_line':
      return standardizeLine(value);
    case 'boolean': {
      const v = value.trim().toLowerCase();
      if (['y', 'yes', 'true', '1', 'on'].includes(v)) return true;
      if (['n', 'no', 'false', '0', 'off', ''].includes(v)) return false;
      return null;
    }
  }
}

/** Applies the rules to a flat record of source fields. Later rules win over earlier ones for a target. */
export function applyCustomFieldRules(
  record: Readonly<Record<string, unknown>>,
  rules: readonly CustomFieldRule[],
): MappedFields {
  const byKey = new Map<string, unknown>();
  for (const [k, v] of Object.entries(record)) byKey.set(fieldKey(k), v);
  const canonical: Partial<Record<CanonicalTarget, string>> = {};
  const extras: Record<string, string | boolean> = {};
  const problems: string[] = [];
  for (const rule of rules) {
    const raw = byKey.get(fieldKey(rule.source));
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    if (
      typeof raw !== 'string' &&
      typeof raw !== 'number' &&
      typeof raw !== 'boolean' &&
      typeof raw !== 'bigint'
    ) {
      problems.push(`${rule.source} → ${rule.target}: not a single value`);
      continue;
    }
    let value: string | boolean | null = String(raw).trim();
    for (const t of rule.transforms) {
      if (typeof value !== 'string') break;
      value = applyTransform(value, t);
      if (value === null) problems.push(`${rule.source} → ${rule.target}: ${t} could not read the value`);
    }
    if (value === null) continue;
    if (typeof value === 'string' && rule.map) {
      const hit = Object.entries(rule.map).find(([k]) => k.toLowerCase() === (value as string).toLowerCase());
      if (hit) value = hit[1];
    }
    if ((CANONICAL_TARGETS as readonly string[]).includes(rule.target)) {
      if (typeof value === 'string' && value !== '') canonical[rule.target as CanonicalTarget] = value;
    } else {
      extras[rule.target] = value;
    }
  }
  return { canonical, extras, problems };
}
