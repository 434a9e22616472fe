/**
 * The 16 (transaction detail) record: type code, amount, funds type with its own sub-fields, bank reference,
 * customer reference, then free text that runs to the end of the record, 88 continuations included.
 * Source: "Cash Management Balance Reporting Specifications Version 2" (BAI), record 16 and "Funds Type".
 */
import { BankFileError } from './bank-statement';
import type { Bai2Record } from './bai2-records';

export interface Bai2Detail {
  readonly typeCode: string;
  readonly amount: string;
  readonly fundsType: string;
  /** Value date (YYMMDD) of funds type V. */
  readonly valueDate: string | null;
  readonly bankReference: string | null;
  readonly customerReference: string | null;
  readonly text: string;
}

/**
 * Reads fields one after another across a record's segments (the 16 line, then each 88). A "/" ends the
 * physical line's fields; the record goes on if an 88 follows, and otherwise its remaining fields are
 * defaulted (empty). A line that stops without "/" before the fields are complete was cut short.
 */
class FieldCursor {
  private segment = 0;
  private pos = 0;
  private slashed = false;

  constructor(private readonly record: Bai2Record) {}

  next(what: string): string | null {
    let body = this.record.segments[this.segment]?.body ?? '';
    while (this.pos >= body.length) {
      const following = this.record.segments[this.segment + 1];
      if (!following) {
        if (this.slashed) return null;
        throw new BankFileError(
          this.record.line,
          `the 16 record ends before its ${what}: a continuation (88) line is missing or the line was cut short`,
        );
      }
      this.segment += 1;
      this.pos = 0;
      this.slashed = false;
      body = following.body;
    }
    const match = /^([^,/]*)([,/]?)/.exec(body.slice(this.pos));
    const value = match?.[1] ?? '';
    const end = match?.[2] ?? '';
    this.pos += value.length + end.length;
    if (end === '/') this.slashed = true;
    // After "/" (or without a comma) the line has no more fields: the next one is on the next line.
    if (end !== ',') this.pos = body.length;
    return value.trim();
  }

  /** Everything after the fixed fields: the text, its 88 continuations joined by a space. */
  text(): string {
    const pieces = [this.record.segments[this.segment]?.body.slice(this.pos) ?? ''];
    for (const s of this.record.segments.slice(this.segment + 1)) pieces.push(s.body);
    return pieces
      .map((p) => p.replace(/\/$/, '').trim())
      .filter((p) => p !== '')
      .join(' ');
  }
}

export function readDetail(record: Bai2Record): Bai2Detail {
  const cursor = new FieldCursor(record);
  const typeCode = cursor.next('type code') ?? '';
  const amount = cursor.next('amount') ?? '';
  const fundsType = (cursor.next('funds type') ?? '').toUpperCase();
  let valueDate: string | null = null;
  switch (fundsType) {
    case '':
    case '0':
    case '1':
    case '2':
    case 'Z':
      break;
    case 'V':
      valueDate = cursor.next('value date') ?? null;
      cursor.next('value time');
      break;
    case 'S':
      cursor.next('immediate availability');
      cursor.next('one-day availability');
      cursor.next('more-than-one-day availability');
      break;
    case 'D': {
      const countText = cursor.next('number of distributions') ?? '';
      const count = Number(countText);
      if (!/^\d{1,3}$/.test(countText)) {
        throw new BankFileError(
          record.line,
          `funds type D needs a number of distributions, not "${countText}"`,
        );
      }
      for (let i = 0; i < count; i += 1) {
        cursor.next('distribution days');
        cursor.next('distribution amount');
      }
      break;
    }
    default:
      throw new BankFileError(record.line, `"${fundsType}" is not a BAI2 funds type (0, 1, 2, S, V, D or Z)`);
  }
  const bankReference = cursor.next('bank reference') || null;
  const customerReference = cursor.next('customer reference') || null;
  return { typeCode, amount, fundsType, valueDate, bankReference, customerReference, text: cursor.text() };
}
