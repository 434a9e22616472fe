/**
 * Redaction of free text in log lines. Structured fields are redacted by path (logger.ts); this catches
 * what slips into messages and error texts: card numbers (Luhn-checked, last four kept), US social
 * security numbers, and identifiers written after a label (MRN, guarantor, account, encounter, FIN, …).
 */
import { redactText } from './card-text';

const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
const LABELLED_ID =
  /\b(MRN|medical record(?: number)?|guarantor(?: account)?|account(?: number| no\.?)?|acct|encounter(?: id)?|FIN|CSN|HAR|patient(?: id| name)?|DOB|date of birth)(\s*[:#=]\s*|\s+)([A-Za-z0-9][A-Za-z0-9/.-]{2,})/gi;

export function redactFreeText(text: string): string {
  if (!/\d/.test(text) && !/patient|name/i.test(text)) return text;
  let out = redactText(text).text;
  out = out.replace(SSN, '***-**-****');
  out = out.replace(LABELLED_ID, (_all, label: string, sep: string) => `${label}${sep}[redacted]`);
  return out;
}

/** A copy of a log object with every string redacted (errors become plain objects first). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactFreeText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactFreeText(value.message),
      ...(value.stack ? { stack: redactFreeText(value.stack) } : {}),
      ...('code' in value ? { code: value.code } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (Buffer.isBuffer(value)) return '[bytes]';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}
