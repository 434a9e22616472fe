/**
 * The card-data guard: the first thing every inbound value meets, before anything is stored or logged.
 *
 * One guard for every way text enters: webhooks and report rows (masked, then quarantined by intake), what
 * an operator types into the console (refused by the dispatcher), and log lines (masked by log-redaction).
 * It walks any value (objects, arrays, keys, free text, numbers) and
 *  - masks every card number (see card-number.ts) to its last four digits, keeping separators so the
 *    operator still recognises the shape of what was sent. Text is read in its NFKC form (full-width
 *    digits, no-break spaces) and digit groups are joined across short separators and letters (see
 *    `joins` in card-text.ts); UUIDs and the processor's identifier fields are never card candidates;
 *  - removes every card security code: a 3–4 digit value under a CVV-like key (cvv, cvc, cvn, securityCode,
 *    card_code, …, also in `{key, value}` pairs) or after a CVV label in free text ("CVV: 123").
 * It returns the redacted copy and what it found; findings carry a path, a brand and the last four, never
 * the number itself.
 */
import { setOwn } from './own-property';
import type { CardBrand } from './card-number';
import { redactInto, type TextFinding } from './card-text';

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

export interface GuardOptions {
  /**
   * Pass the processor's own identifier fields through unscanned (see isProcessorIdentifier). On for what
   * a processor sends (webhooks, report rows, events mapped from them); off for what a person typed, where
   * a "receipt number" may well be a card number.
   */
  readonly trustProcessorIds?: boolean;
}

/**
 * The processor's identifier fields, by key: the webhook envelope's (webhookId, transactionTraceId), the
 * transaction's (request id, reconciliation id, original transaction id) and the reports' columns for the
 * same (request_id, batch_id, txn_batch_id, trans_ref_no). They are ids the processor made, often UUIDs or
 * long digit runs, and scanning them for cards only turns up false positives: a UUID trace id would send a
 * real payment to quarantine about once in a thousand.
 */
const PROCESSOR_ID_KEYS = new Set([
  'webhookid',
  'transactiontraceid',
  'requestid',
  'reconciliationid',
  'originaltransactionid',
  'batchid',
  'txnbatchid',
  'transrefno',
  'processortxnid',
  'originalprocessortxnid',
]);

/** Whether the member `key` of the object at `parent` is a processor identifier (the payload's `id` is one). */
export function isProcessorIdentifier(parent: string, key: string | number): boolean {
  if (typeof key === 'number') return false;
  if (key === 'id') return parent === '$.payload';
  return PROCESSOR_ID_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Walks any value and returns a redacted deep copy plus findings. Never throws on odd input. */
export function guard<T = unknown>(value: T, options: GuardOptions = {}): GuardResult<T> {
  const findings: CardFinding[] = [];
  const trustIds = options.trustProcessorIds ?? true;
  const redacted = walk(value, '$', 0, { findings, trustIds }) as T;
  return { redacted, findings };
}

interface WalkState {
  readonly findings: CardFinding[];
  readonly trustIds: boolean;
}

function walk(value: unknown, path: string, depth: number, state: WalkState): unknown {
  const { findings } = state;
  if (typeof value === 'string') return scanString(value, path, findings);
  if (typeof value === 'number') return scanNumber(value, path, findings);
  if (typeof value === 'bigint') return scanString(value.toString(), path, findings);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) {
    findings.push({ kind: 'unscannable', path, brand: null, last4: null });
    return TOO_DEEP;
  }
  if (Array.isArray(value)) return value.map((item, i) => walkChild(item, path, i, depth + 1, state));

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
    setOwn(out, safeKey, walkChild(item, path, safeKey, depth + 1, state));
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
  state: WalkState,
): unknown {
  if (typeof value === 'string') {
    if (state.trustIds && isProcessorIdentifier(parent, key)) return value;
    const found: TextFinding[] = [];
    const text = redactInto(value, found);
    if (found.length > 0) addFindings(found, childPath(parent, key), state.findings);
    return text;
  }
  if (typeof value === 'number' && (!Number.isInteger(value) || Math.abs(value) < 1e12)) return value;
  if (value === null || typeof value === 'boolean' || value === undefined) return value;
  if (typeof value === 'number' && state.trustIds && isProcessorIdentifier(parent, key)) return value;
  return walk(value, childPath(parent, key), depth, state);
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
