/**
 * The card-data guard: the first thing every inbound value meets, before anything is stored or logged.
 *
 * It walks any value (objects, arrays, keys, free text, numbers) and
 *  - masks every card number (see card-number.ts) to its last four digits, keeping separators so the
 *    operator still recognises the shape of what was sent;
 *  - removes every card security code: a 3–4 digit value under a CVV-like key (cvv, cvc, cvn, securityCode,
 *    card_code, …, also in `{key, value}` pairs) or after a CVV label in free text ("CVV: 123").
 * It returns the redacted copy and what it found; findings carry a path, a brand and the last four, never
 * the number itself.
 */
import { setOwn } from './own-property';
import { cardBrandIfPan, MAX_PAN_DIGITS, MIN_PAN_DIGITS, type CardBrand } from './card-number';

export type CardFindingKind = 'card_number' | 'cvv' | 'unscannable';

export interface CardFinding {
  readonly kind: CardFindingKind;
  /** Where it was, as `$.a.b[2]`; keys that held card numbers appear masked. */
  readonly path: string;
  readonly brand: CardBrand | null;
  readonly last4: string | null;
}

export interface GuardResult<T = unknown> {
  readonly redacted: T;
  readonly findings: readonly CardFinding[];
}

export const CVV_REMOVED = '[removed]';
const TOO_DEEP = '[removed: nested too deeply to check]';
const UNCHECKABLE_NUMBER = '[removed: number too large to check]';
/** JSON nested deeper than this is not walked (it would risk the stack); it is removed and reported. */
const MAX_DEPTH = 64;

// Digit groups joined by short runs of spaces or dashes: "4111 1111-1111 1111", "4111111111111111".
const DIGIT_RUN = /\d+(?:[ -]{1,3}\d+)*/g;
const GROUP = /\d+/g;
const CVV_IN_TEXT =
  /\b(cvv2?|cvc2?|cvn2?|csc|cav2|security\s*code|card\s*code|card\s*verification(?:\s*(?:value|code|number))?)\b(\s*(?:is|no\.?|#|:|=|-)?\s*)(\d{3,4})\b/gi;

const CVV_KEYS = new Set([
  'securitycode',
  'cardsecuritycode',
  'cardcode',
  'cardverificationvalue',
  'cardverificationcode',
  'cardverificationnumber',
  'cardsecuritynumber',
  'csc',
  'cav2',
  'cvd',
]);

/** Whether a key names a card security code ("cvv", "CVV2", "card_cvc", "securityCode", "card-code"…). */
export function isCvvKey(key: string): boolean {
  let known = cvvKeyCache.get(key);
  if (known === undefined) {
    const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    known = CVV_KEYS.has(k) || /cvv|cvc|cvn/.test(k) || k.endsWith('securitycode');
    remember(cvvKeyCache, key, known);
  }
  return known;
}

// Inputs repeat the same few keys (a report's headers, a webhook's field names) on every row: what a key is
// (a CVV name or not; free of card data or not) is worked out once per key, not once per row. Bounded, so an
// input made of many distinct keys cannot grow them without limit.
const KEY_CACHE_LIMIT = 4096;
const cvvKeyCache = new Map<string, boolean>();
/** Keys in which redactText found nothing: they are stored as they are. */
const cleanKeys = new Set<string>();

function remember(cache: Map<string, boolean>, key: string, value: boolean): void {
  if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function looksLikeCvv(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 9999;
  return typeof value === 'string' && /^\s*\d{3,4}\s*$/.test(value);
}

interface TextFinding {
  readonly kind: 'card_number' | 'cvv';
  readonly brand: CardBrand | null;
  readonly last4: string | null;
}

/** Masks card numbers and labelled CVVs inside one piece of text. */
export function redactText(text: string): { text: string; findings: TextFinding[] } {
  const findings: TextFinding[] = [];
  return { text: redactInto(text, findings), findings };
}

/**
 * redactText's work, adding to `findings`. Most values (amounts, dates, names, ids) cannot hold a card number
 * or a labelled CVV: both need a run of three digits, and a card number needs 13 digits in all. One pass over
 * the characters finds that out before any regular expression runs.
 */
function redactInto(text: string, findings: TextFinding[]): string {
  let digits = 0;
  let run = 0;
  let longestRun = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += 1;
      run += 1;
      if (run > longestRun) longestRun = run;
    } else {
      run = 0;
    }
  }
  if (longestRun < 3) return text;
  let out = text;
  // Every card number found is a run of 13–19 digits (maskCardsInRun leaves shorter runs alone).
  if (digits >= MIN_PAN_DIGITS) out = out.replace(DIGIT_RUN, (r) => maskCardsInRun(r, findings));
  out = out.replace(CVV_IN_TEXT, (_all, label: string, sep: string, digitsText: string) => {
    findings.push({ kind: 'cvv', brand: null, last4: null });
    return `${label}${sep}${'*'.repeat(digitsText.length)}`;
  });
  return out;
}

/**
 * Within one run of digit groups, finds spans of whole groups holding 13–19 digits that form a card number
 * (longest first from each starting group) and masks all but their last four digits.
 */
function maskCardsInRun(run: string, findings: TextFinding[]): string {
  let digitCount = 0;
  for (let k = 0; k < run.length; k += 1) {
    const c = run.charCodeAt(k);
    if (c >= 48 && c <= 57) digitCount += 1;
  }
  if (digitCount < MIN_PAN_DIGITS) return run;
  // A run of digits alone is one group: a card number only if the whole run is one (ids, amounts, epoch
  // times are runs like this, and most are not).
  if (digitCount === run.length && cardBrandIfPan(run) === null) return run;
  const groups = [...run.matchAll(GROUP)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    digits: m[0],
  }));
  const masks: { start: number; end: number }[] = [];
  let i = 0;
  while (i < groups.length) {
    let joined = '';
    let best = -1;
    let bestBrand: CardBrand | null = null;
    for (let j = i; j < groups.length; j += 1) {
      joined += groups[j]?.digits ?? '';
      if (joined.length > MAX_PAN_DIGITS) break;
      const brand = cardBrandIfPan(joined);
      if (brand) {
        best = j;
        bestBrand = brand;
      }
    }
    const first = groups[i];
    const last = groups[best];
    if (best >= 0 && first && last) {
      masks.push({ start: first.start, end: last.end });
      const digits = run.slice(first.start, last.end).replace(/\D/g, '');
      findings.push({ kind: 'card_number', brand: bestBrand, last4: digits.slice(-4) });
      i = best + 1;
    } else {
      i += 1;
    }
  }
  if (masks.length === 0) return run;
  // The run is ASCII digits, spaces and dashes, and the mask offsets are UTF-16 indices: split by code unit.
  const chars = run.split('');
  for (const { start, end } of masks) {
    let keep = 4;
    for (let k = end - 1; k >= start; k -= 1) {
      const c = chars[k] ?? '';
      if (c >= '0' && c <= '9') {
        if (keep > 0) keep -= 1;
        else chars[k] = '*';
      }
    }
  }
  return chars.join('');
}

/** Walks any value and returns a redacted deep copy plus findings. Never throws on odd input. */
export function guard<T = unknown>(value: T): GuardResult<T> {
  const findings: CardFinding[] = [];
  const redacted = walk(value, '$', 0, findings) as T;
  return { redacted, findings };
}

function walk(value: unknown, path: string, depth: number, findings: CardFinding[]): unknown {
  if (typeof value === 'string') return scanString(value, path, findings);
  if (typeof value === 'number') return scanNumber(value, path, findings);
  if (typeof value === 'bigint') return scanString(value.toString(), path, findings);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) {
    findings.push({ kind: 'unscannable', path, brand: null, last4: null });
    return TOO_DEEP;
  }
  if (Array.isArray(value)) return value.map((item, i) => walkChild(item, path, i, depth + 1, findings));

  const record = value as Record<string, unknown>;
  // `{key: "cvv", value: "123"}` pairs (Cybersource merchant-defined data) name the value by their `key`.
  const pairName =
    typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const item = record[key];
    const safeKey = cleanKeys.has(key) ? key : scanKey(key, path, findings);
    const cvvByPair = key === 'value' && pairName !== null && isCvvKey(pairName);
    if ((isCvvKey(key) || cvvByPair) && looksLikeCvv(item)) {
      findings.push({ kind: 'cvv', path: `${path}.${safeKey}`, brand: null, last4: null });
      setOwn(out, safeKey, CVV_REMOVED);
      continue;
    }
    setOwn(out, safeKey, walkChild(item, path, safeKey, depth + 1, findings));
  }
  return out;
}

/**
 * walk for one member, building its path (`$.a.b`, `$.a[2]`) only when something is found in a plain value:
 * most values hold nothing, and a path string per value was a good part of the guard's cost.
 */
function walkChild(
  value: unknown,
  parent: string,
  key: string | number,
  depth: number,
  findings: CardFinding[],
): unknown {
  if (typeof value === 'string') {
    const found: TextFinding[] = [];
    const text = redactInto(value, found);
    if (found.length > 0) addFindings(found, childPath(parent, key), findings);
    return text;
  }
  if (typeof value === 'number' && (!Number.isInteger(value) || Math.abs(value) < 1e12)) return value;
  if (value === null || typeof value === 'boolean' || value === undefined) return value;
  return walk(value, childPath(parent, key), depth, findings);
}

function childPath(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${String(key)}]` : `${parent}.${key}`;
}

function addFindings(found: readonly TextFinding[], path: string, findings: CardFinding[]): void {
  for (const f of found) findings.push({ ...f, path });
}

function scanKey(key: string, path: string, findings: CardFinding[]): string {
  const found: TextFinding[] = [];
  const text = redactInto(key, found);
  if (found.length === 0) {
    if (cleanKeys.size >= KEY_CACHE_LIMIT) cleanKeys.clear();
    cleanKeys.add(key);
    return key;
  }
  addFindings(found, `${path}{key}`, findings);
  return text;
}

function scanString(text: string, path: string, findings: CardFinding[]): string {
  const found: TextFinding[] = [];
  const out = redactInto(text, found);
  if (found.length > 0) addFindings(found, path, findings);
  return out;
}

function scanNumber(value: number, path: string, findings: CardFinding[]): unknown {
  if (!Number.isInteger(value) || Math.abs(value) < 1e12) return value;
  // Past 2^53 the parsed number no longer holds the digits that were sent, so it cannot be cleared.
  if (!Number.isSafeInteger(value)) {
    findings.push({ kind: 'unscannable', path, brand: null, last4: null });
    return UNCHECKABLE_NUMBER;
  }
  const found: TextFinding[] = [];
  const text = redactInto(String(value), found);
  if (found.length === 0) return value;
  addFindings(found, path, findings);
  return text;
}

/** A plain-language summary of findings for the quarantine reason: fields and last fours only. */
export function describeFindings(findings: readonly CardFinding[]): string {
  const cards = findings.filter((f) => f.kind === 'card_number');
  const cvvs = findings.filter((f) => f.kind === 'cvv');
  const unscannable = findings.filter((f) => f.kind === 'unscannable');
  const parts: string[] = [];
  if (cards.length > 0) {
    const where = cards.map((f) => `${f.path} (${f.brand ?? 'card'} ending ${f.last4 ?? '????'})`).join(', ');
    parts.push(`A full card number was found in ${where} and was masked to its last four digits.`);
  }
  if (cvvs.length > 0) {
    parts.push(
      `A card security code (CVV) was found in ${cvvs.map((f) => f.path).join(', ')} and was removed.`,
    );
  }
  if (unscannable.length > 0) {
    parts.push(
      `Part of the input could not be checked for card data (${unscannable.map((f) => f.path).join(', ')}) and was removed.`,
    );
  }
  parts.push('Card numbers and security codes must never be sent to Clearpost; send tokens instead.');
  return parts.join(' ');
}
