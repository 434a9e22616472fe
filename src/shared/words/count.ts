/** Counts in words: "1 exception to work", "3 exceptions to work". */

const IRREGULAR: Readonly<Record<string, string>> = { entry: 'entries', reply: 'replies', this: 'these' };

export function plural(noun: string, n: number): string {
  if (n === 1) return noun;
  if (IRREGULAR[noun]) return IRREGULAR[noun];
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** `count(3, 'exception')` → "3 exceptions"; the number is formatted for the reader's locale. */
export function count(n: number, noun: string, rest = ''): string {
  return `${n.toLocaleString('en-US')} ${plural(noun, n)}${rest ? ` ${rest}` : ''}`;
}
