/**
 * Card numbers and card security codes inside one piece of text: the free-text half of the card guard
 * (card-guard.ts walks values and calls this on every string, key and number; log-redaction.ts on every log
 * line). Card numbers are masked to their last four digits with their separators kept, so the operator still
 * recognises the shape of what was sent; a CVV after a label ("CVV: 123") becomes asterisks.
 */
import { cardBrandIfPan, MAX_PAN_DIGITS, MIN_PAN_DIGITS, type CardBrand } from './card-number';

const CVV_IN_TEXT =
  /\b(cvv2?|cvc2?|cvn2?|csc|cav2|security\s*code|card\s*code|card\s*verification(?:\s*(?:value|code|number))?)\b(\s*(?:is|no\.?|#|:|=|-)?\s*)(\d{3,4})\b/gi;

export interface TextFinding {
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
 * or a labelled CVV: both need three digits, and a card number needs 13. One pass over the characters finds
 * that out before anything else runs.
 */
export function redactInto(text: string, findings: TextFinding[]): string {
  const plain = countDigits(text);
  if (!plain.nonAscii && plain.digits < 3) return text;
  // Full-width digits ("４１１１"), a no-break space, ideographic spaces and the like become their plain
  // forms under NFKC (Unicode Standard Annex #15, https://unicode.org/reports/tr15/), so what a person sees
  // as a card number is scanned as one.
  const normal = plain.nonAscii ? foldDigits(text.normalize('NFKC')) : text;
  const digits = normal === text ? plain.digits : countDigits(normal).digits;
  if (digits < 3) return text;
  const before = findings.length;
  let out = digits >= MIN_PAN_DIGITS ? maskCardNumbers(normal, findings) : normal;
  out = out.replace(CVV_IN_TEXT, (_all, label: string, sep: string, digitsText: string) => {
    findings.push({ kind: 'cvv', brand: null, last4: null });
    return `${label}${sep}${'*'.repeat(digitsText.length)}`;
  });
  // Text with nothing in it is kept exactly as it came (not in its NFKC form).
  return findings.length === before ? text : out;
}

/**
 * Decimal digits of other scripts ("٤١١١" Arabic-Indic, "४१११" Devanagari, "๔๑๑๑" Thai…) as ASCII digits:
 * NFKC leaves them as they are, yet a card number typed with them is still a card number. Unicode encodes
 * every script's decimal digits (General_Category Nd) as a contiguous run from zero to nine ("Unicode
 * Character Encoding Stability Policies", https://www.unicode.org/policies/stability_policy.html), so a
 * digit's value is how far it stands from the start of its run, modulo ten.
 */
function foldDigits(text: string): string {
  return NON_ASCII_DIGIT.test(text) ? text.replace(NON_ASCII_DIGIT_ALL, digitValue) : text;
}

const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/u;
const NON_ASCII_DIGIT_ALL = /(?![0-9])\p{Nd}/gu;
const ANY_DIGIT = /^\p{Nd}$/u;

function digitValue(digit: string): string {
  const code = digit.codePointAt(0) ?? 0;
  // Runs of ten may follow one another (several styles of one script's digits): count back to the first.
  let offset = 0;
  while (offset < 100 && ANY_DIGIT.test(String.fromCodePoint(code - offset - 1))) offset += 1;
  return String(offset % 10);
}

function countDigits(text: string): { digits: number; nonAscii: boolean } {
  let digits = 0;
  let nonAscii = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
    else if (c > 127) nonAscii = true;
  }
  return { digits, nonAscii };
}

/** A UUID (RFC 9562's 8-4-4-4-12 hex form), anywhere in a text. */
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Whether a whole value is UUID-shaped: such values are identifiers, never card candidates. */
export function isUuidShaped(text: string): boolean {
  return text.length === 36 && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

/**
 * When two neighbouring digit groups are read as parts of one number. Card numbers are printed in groups
 * (4-4-4-4, 4-6-5, 4-3-3-3) and typed with whatever is at hand, so:
 *  - one to three spaces or dashes join groups of any size ("4111 1111-1111 1111", "41 11 11 …");
 *  - any other short gap joins groups of three digits or more: punctuation, whitespace and line breaks
 *    ("4111.1111/1111_1111", "4111\n1111", four spaces), or one or two letters set off by separators
 *    ("4111 a 1111", "4111-zz-1111").
 * Dates, times, amounts and versions ("03/04/25", "14:55:00", "1.25") have groups of one or two digits, so
 * they are not joined past a dash or space. Letters straight against digits never join: that is how hex
 * tokens and other ids look ("F45FB3E443AC3C57…"), and joining them flagged one Cybersource customer token
 * in 160. Nor do a few short words people put between numbers ("555-867-5309 x 1234", "123456 or 654321"),
 * nor commas and semicolons, which separate list items ("accounts 123456, 789012, 345678"). Random digit
 * groups that are joined still pass for a card about one time in 35 (brand prefix × Luhn): the rule keeps
 * joins to the ways card numbers are written.
 */
const SPACE_OR_DASH_GAP = /^[ -]{1,3}$/;
const SEPARATOR_GAP = /^[^\p{L}\p{N},;]{1,5}$/u;
const LETTERS_GAP = /^[^\p{L}\p{N},;]{1,2}(\p{L}{1,2})[^\p{L}\p{N},;]{1,2}$/u;
const NOT_A_SEPARATOR = new Set([
  'x',
  'or',
  'to',
  'at',
  'by',
  'of',
  'on',
  'in',
  're',
  'vs',
  'no',
  'is',
  'an',
]);
const MIN_GROUP_FOR_SHORT_GAP = 3;
const MAX_GAP = 6;

interface DigitGroup {
  readonly start: number;
  readonly end: number;
}

function joins(text: string, left: DigitGroup, right: DigitGroup): boolean {
  if (right.start - left.end > MAX_GAP) return false;
  const gap = text.slice(left.end, right.start);
  if (SPACE_OR_DASH_GAP.test(gap)) return true;
  if (left.end - left.start < MIN_GROUP_FOR_SHORT_GAP || right.end - right.start < MIN_GROUP_FOR_SHORT_GAP)
    return false;
  if (SEPARATOR_GAP.test(gap)) return true;
  const letters = LETTERS_GAP.exec(gap)?.[1];
  return letters !== undefined && !NOT_A_SEPARATOR.has(letters.toLowerCase());
}

/**
 * Hex tokens of 24 characters or more in one case (object ids, Cybersource customer and instrument tokens,
 * hashes): ids, like UUIDs. A 16-digit stretch inside one is a chance run of digits, not a card; scanning them
 * flagged about one 32-character token in 2,000.
 */
const HEX_TOKEN = /\b(?:[0-9a-f]{24,}|[0-9A-F]{24,})\b/g;

/** The text as the scan reads it: UUIDs and hex tokens turned into letters, so they join no group. */
function withoutIds(text: string): string {
  if (text.length < 24) return text;
  const opaque = (id: string) => 'u'.repeat(id.length);
  const out = text.includes('-') ? text.replace(UUID_IN_TEXT, opaque) : text;
  return out.replace(HEX_TOKEN, opaque);
}

function digitGroups(scan: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let start = -1;
  for (let i = 0; i <= scan.length; i += 1) {
    const c = i < scan.length ? scan.charCodeAt(i) : 0;
    const digit = c >= 48 && c <= 57;
    if (digit && start < 0) start = i;
    else if (!digit && start >= 0) {
      groups.push({ start, end: i });
      start = -1;
    }
  }
  return groups;
}

/**
 * Finds spans of joined groups holding 13–19 digits that form a card number (longest first from each
 * starting group) and masks all but their last four digits. A single group is never searched inside: a
 * 22-digit request id holds many 16-digit runs, one in 35 of which would pass for a card.
 */
function maskCardNumbers(text: string, findings: TextFinding[]): string {
  const scan = withoutIds(text);
  const groups = digitGroups(scan);
  const masks: { start: number; end: number }[] = [];
  let i = 0;
  while (i < groups.length) {
    let joined = '';
    let best = -1;
    let bestBrand: CardBrand | null = null;
    for (let j = i; j < groups.length; j += 1) {
      const group = groups[j];
      const previous = groups[j - 1];
      if (!group || (j > i && previous && !joins(scan, previous, group))) break;
      joined += scan.slice(group.start, group.end);
      if (joined.length > MAX_PAN_DIGITS) break;
      const brand = joined.length >= MIN_PAN_DIGITS ? cardBrandIfPan(joined) : null;
      if (brand) {
        best = j;
        bestBrand = brand;
      }
    }
    const first = groups[i];
    const last = groups[best];
    if (best >= 0 && first && last) {
      masks.push({ start: first.start, end: last.end });
      const digits = scan.slice(first.start, last.end).replace(/\D/g, '');
      findings.push({ kind: 'card_number', brand: bestBrand, last4: digits.slice(-4) });
      i = best + 1;
    } else {
      i += 1;
    }
  }
  if (masks.length === 0) return text;
  // NFKC output is what is masked, so offsets are UTF-16 indices into it: split by code unit.
  const chars = text.split('');
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
