/**
 * Removes the values of named fields from the copy of an input that quarantine keeps. Used for the payer's
 * date of birth: the guarantor rules read it while mapping, but it is never stored, not even with a
 * refused input. Fields match by name (ignoring case, spaces, dashes and underscores) as object keys and as
 * `{key, value}` pairs (Cybersource merchant-defined data).
 */
import { fieldKey } from './canonical/custom-fields';
import { setOwn } from '../lib/own-property';

export const WITHHELD = '[removed: not kept]';

export function withholdFields(value: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0) return value;
  const keys = new Set(fields.map(fieldKey));
  return walk(value, keys);
}

function walk(value: unknown, keys: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, keys));
  const record = value as Record<string, unknown>;
  const pairName =
    typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : null;
  const pairWithheld = pairName !== null && keys.has(fieldKey(pairName));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const withheld = keys.has(fieldKey(key)) || (pairWithheld && key === 'value');
    setOwn(out, key, withheld ? WITHHELD : walk(item, keys));
  }
  return out;
}
