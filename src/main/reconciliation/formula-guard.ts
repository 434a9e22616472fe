/**
 * Spreadsheet formula injection (CWE-1236): a text cell that starts with = + - @ (or a tab / carriage return,
 * which some spreadsheets skip before reading one of those) can run as a formula when an operator opens the
 * file. Such text is prefixed with an apostrophe, as OWASP recommends. Only text columns are guarded: an
 * amount of "-12.30" is a number and must stay one, or the file would no longer sum.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  return TRIGGERS.has(first) ? `'${text}` : text;
}
