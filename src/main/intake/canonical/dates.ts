/**
 * Dates as processors write them. Instants carry a zone ("2024-03-01T14:05:00Z"); report dates often do not
 * ("2024-03-01", "03/01/2024 14:05"): those are read as UTC, since the report does not say, and the business
 * date is kept as written (the facility's day, which is what reconciliation balances on).
 */

export interface ParsedDate {
  /** Epoch milliseconds. */
  readonly at: number;
  /** `YYYY-MM-DD` as written, when the text had a calendar date. */
  readonly date: string;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}| ?UTC| ?GMT)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*(Z|UTC|GMT))?$/i;

export function parseProcessorDate(text: string | null | undefined): ParsedDate | null {
  if (!text) return null;
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    const date = `${y ?? ''}-${mo ?? ''}-${d ?? ''}`;
    const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (!validDay(base, date)) return null;
    const at = zone && /^[+-]/.test(zone) ? base - offsetMs(zone) : base;
    return { at, date };
  }
  const us = US.exec(t);
  if (us) {
    const [, mo = '', d = '', y = '', h = '0', mi = '0', s = '0'] = us;
    const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return validDay(at, date) ? { at, date } : null;
  }
  return null;
}

function validDay(at: number, date: string): boolean {
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === date;
}

function offsetMs(zone: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}
