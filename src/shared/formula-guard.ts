/**
 * Spreadsheet formula injection (CWE-1236, OWASP "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection): a text cell that starts with = + - @ (or a tab,
 * carriage return or line feed, which some spreadsheets skip before reading one of those) can run as a
 * formula when an operator opens the file. Full-width signs (＝ ＋ － ＠) count too: Apple Numbers and some
 * Excel locales normalise them to the ASCII forms. The same holds after every line break inside a cell: a
 * reader that splits the cell there (or a file written without quotes) starts a new cell with that line.
 * Each such start gets an apostrophe, as OWASP recommends. Only text is guarded: an amount of "-12.30" is a
 * number and must stay one, or the file would no longer sum.
 */
const FORMULA_CHARS = '=+\\-@\\t\\uFF1D\\uFF0B\\uFF0D\\uFF20';
const STARTS_FORMULA = new RegExp(`^[${FORMULA_CHARS}\\r\\n]`);
/** A line break (CRLF, lone CR, lone LF) followed by a character a formula starts with. */
const BREAK_BEFORE_FORMULA = new RegExp(`(\\r\\n|\\r|\\n)(?=[${FORMULA_CHARS}])`, 'g');
const LINE_BREAK = /[\r\n]/;

export function neutralizeFormula(text: string): string {
  const guarded = STARTS_FORMULA.test(text) ? `'${text}` : text;
  return LINE_BREAK.test(guarded) ? guarded.replace(BREAK_BEFORE_FORMULA, "$1'") : guarded;
}

/**
 * True when some line of the text (its start, or after any line break) could start a formula. Tests and the
 * import checks use it to prove a written cell safe.
 */
export function couldRunAsFormula(text: string): boolean {
  if (STARTS_FORMULA.test(text)) return true;
  return text.split(/\r\n|\r|\n/).some((line) => new RegExp(`^[${FORMULA_CHARS}]`).test(line));
}
