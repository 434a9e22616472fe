/**
 * Card numbers for fuzz tests: generated PANs of every brand, written in every way people and systems
 * write them, and a scan of a data folder's files for any of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { brandOfDigits, luhnValid, type CardBrand } from '../../src/main/lib/card-number';

/** Appends the Luhn check digit. */
export function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (luhnValid(`${body}${String(d)}`)) return `${body}${String(d)}`;
  throw new Error('unreachable');
}

const PREFIXES: readonly [CardBrand, string][] = [
  ['visa', '4'],
  ['mastercard', '51'],
  ['mastercard', '55'],
  ['mastercard', '2221'],
  ['mastercard', '2720'],
  ['amex', '34'],
  ['amex', '37'],
  ['discover', '6011'],
  ['discover', '644'],
  ['discover', '649'],
  ['discover', '65'],
  ['jcb', '3528'],
  ['jcb', '3589'],
  ['diners', '300'],
  ['diners', '305'],
  ['diners', '36'],
  ['diners', '38'],
  ['unionpay', '62'],
];

/** Any valid PAN: a known prefix, 13–19 digits, correct check digit. */
export const panArb = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.integer({ min: 13, max: 19 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
  )
  .map(([[brand, prefix], length, digits]) => ({
    brand,
    pan: withCheckDigit(`${prefix}${digits.join('')}`.slice(0, length - 1)),
  }))
  .filter(({ pan, brand }) => brandOfDigits(pan) === brand);

export const CARD_STYLES = [
  'plain',
  'spaces',
  'dashes',
  'dots',
  'slashes',
  'underscores',
  'no-break spaces',
  'line breaks',
  'runs of spaces',
  'letters between groups',
  'full-width digits',
] as const;
export type CardStyle = (typeof CARD_STYLES)[number];

/** Groups of four, as cards are printed; a short remainder joins the last group (13 → 4-4-5). */
export function groupsOf(pan: string): string[] {
  if (pan.length === 15) return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)]; // 4-6-5, as Amex prints
  const groups = pan.match(/.{1,4}/g) ?? [pan];
  const last = groups.at(-1) ?? '';
  if (groups.length > 1 && last.length < 3) {
    groups.pop();
    groups.push(`${groups.pop() ?? ''}${last}`);
  }
  return groups;
}

const FULL_WIDTH_ZERO = 0xff10;

/** The PAN written in a style; `pick` (0–1) varies the separator within the style. */
export function writeCard(pan: string, style: CardStyle, pick = 0): string {
  const groups = groupsOf(pan);
  const choose = (options: readonly string[]) => options[Math.floor(pick * options.length)] ?? options[0];
  switch (style) {
    case 'plain':
      return pan;
    case 'spaces':
      return groups.join(' ');
    case 'dashes':
      return groups.join(choose(['-', ' - ']));
    case 'dots':
      return groups.join(choose(['.', '. ']));
    case 'slashes':
      return groups.join(choose(['/', ' / ']));
    case 'underscores':
      return groups.join('_');
    case 'no-break spaces':
      return groups.join(choose(['\u00a0', '\u202f', '\u3000']));
    case 'line breaks':
      return groups.join(choose(['\n', '\r\n', ' \n']));
    case 'runs of spaces':
      return groups.join(choose(['  ', '   ', '    ', '     ']));
    case 'letters between groups':
      return groups.join(choose([' q ', ' ab ', '-k-', '.zz.', ' N ']));
    case 'full-width digits': {
      const wide = (g: string) => g.replace(/\d/g, (d) => String.fromCharCode(FULL_WIDTH_ZERO + Number(d)));
      return groups.map(wide).join(choose(['', ' ', '\u3000', '－']));
    }
  }
}

/** A generated card, written in one of the styles, inside a sentence. */
export interface WrittenCard {
  readonly pan: string;
  readonly brand: CardBrand;
  readonly style: CardStyle;
  readonly written: string;
}

export const writtenCardArb: fc.Arbitrary<WrittenCard> = fc
  .tuple(panArb, fc.constantFrom(...CARD_STYLES), fc.double({ min: 0, max: 0.999, noNaN: true }))
  .map(([{ pan, brand }, style, pick]) => ({ pan, brand, style, written: writeCard(pan, style, pick) }));

/** `count` written cards, the same on every run, every style equally often. */
export function sampleCards(count: number, seed: number): WrittenCard[] {
  return fc.sample(writtenCardArb, { numRuns: count, seed }).map((card, i) => {
    const style = CARD_STYLES[i % CARD_STYLES.length] ?? 'plain';
    return { ...card, style, written: writeCard(card.pan, style, (i * 0.37) % 1) };
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Which of `pans` appear in any file under `dir` (database, WAL, logs, exports, settings…), in any of the
 * written styles: each file is read as UTF-8, put in NFKC form (full-width digits become ASCII), and every
 * short gap between digits (up to six characters of anything) is taken out, so a card written with
 * separators reads as its plain digits. Each run of digits is then looked up, every 13–19 digit window.
 */
export function leakedCards(dir: string, pans: ReadonlySet<string>): { pan: string; file: string }[] {
  const found: { pan: string; file: string }[] = [];
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file).toString('utf8').normalize('NFKC');
    for (const run of text
      .replace(/\D{7,}/g, '|')
      .replace(/\D/g, '')
      .split('|')) {
      if (run.length < 13) continue;
      for (let start = 0; start + 13 <= run.length; start += 1) {
        for (let length = 13; length <= 19 && start + length <= run.length; length += 1) {
          const candidate = run.slice(start, start + length);
          if (pans.has(candidate)) found.push({ pan: candidate, file: relative(dir, file) });
        }
      }
    }
  }
  return found;
}
