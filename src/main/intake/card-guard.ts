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
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return CVV_KEYS.has(k) || /cvv|cvc|cvn/.test(k) || k.endsWith('securitycode');
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
  let out = text;
  if (/\d{3}/.test(out)) {
    out = out.replace(DIGIT_RUN, (run) => maskCardsInRun(run, findings));
    out = out.replace(CVV_IN_TEXT, (_all, label: string, sep: string, digits: string) => {
      findings.push({ kind: 'cvv', brand: null, last4: null });
      return `${label}${sep}${'*'.repeat(digits.length)}`;
    });
  }
  return { text: out, findings };
}

/**
 * Within one run of digit groups, finds spans of whole groups holding 13–19 digits that form a card number
 * (longest first from each starting group) and masks all but their last four digits.
 */
function maskCardsInRun(run: string, findings: TextFinding[]): string {
  const digitCount = run.replace(/\D/g, '').length;
  if (digitCount < MIN_PAN_DIGITS) return run;
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
  if (Array.isArray(value))
    return value.map((item, i) => walk(item, `${path}[${String(i)}]`, depth + 1, findings));

  const record = value as Record<string, unknown>;
  // `{key: "cvv", value: "123"}` pairs (Cybersource merchant-defined data) name the value by their `key`.
  const pairName =
    typeof record.key === 'string' ? record.key : typeof record.name === 'string' ? record.name : null;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const safeKey = scanString(key, `${path}{key}`, findings);
    const itemPath = `${path}.${safeKey}`;
    const cvvByPair = key === 'value' && pairName !== null && isCvvKey(pairName);
    if ((isCvvKey(key) || cvvByPair) && looksLikeCvv(item)) {
      findings.push({ kind: 'cvv', path: itemPath, brand: null, last4: null });
      setOwn(out, safeKey, CVV_REMOVED);
      continue;
    }
    setOwn(out, safeKey, walk(item, itemPath, depth + 1, findings));
  }
  return out;
}

function scanString(text: string, path: string, findings: CardFinding[]): string {
  const result = redactText(text);
  for (const f of result.findings) findings.push({ ...f, path });
  return result.text;
}

function scanNumber(value: number, path: string, findings: CardFinding[]): unknown {
  if (!Number.isInteger(value) || Math.abs(value) < 1e12) return value;
  // Past 2^53 the parsed number no longer holds the digits that were sent, so it cannot be cleared.
  if (!Number.isSafeInteger(value)) {
    findings.push({ kind: 'unscannable', path, brand: null, last4: null });
    return UNCHECKABLE_NUMBER;
  }
  const text = String(value);
  const result = redactText(text);
  if (result.findings.length === 0) return value;
  for (const f of result.findings) findings.push({ ...f, path });
  return result.text;
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
