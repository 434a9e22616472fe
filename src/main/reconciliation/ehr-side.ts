/**
 * The EHR side of balancing: what the EHR says it posted. In the sandbox that is the simulators' ledgers;
 * at a site it is a posting file exported from the EHR (CSV with the columns below, read by header).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EVENT_KINDS, type EventKind, type IsoDate } from '../../shared/domain';
import { parseMinor } from '../../shared/money';

export interface EhrSideEntry {
  /** The id the EHR holds: the one Clearpost sent (see sent-ids.ts), or the processor's id in an EHR file. */
  readonly externalId: string;
  readonly kind: EventKind;
  readonly amountMinor: number;
  readonly currency: string;
  readonly ehrReference: string;
  /** The EHR's posting date. */
  readonly day: IsoDate;
}

/**
 * A simulator's ledger row as balancing reads it: the same fields (declared here: domain code does not import
 * the sandbox); `fromLedger` keeps only these of a wider row.
 */
export type LedgerLike = EhrSideEntry;

export function fromLedger(postings: readonly LedgerLike[]): EhrSideEntry[] {
  return postings.map((p) => ({
    externalId: p.externalId,
    kind: p.kind,
    amountMinor: p.amountMinor,
    currency: p.currency,
    ehrReference: p.ehrReference,
    day: p.day,
  }));
}

/** Columns: external_id, kind, amount (decimal), currency, reference, date (YYYY-MM-DD). */
export function readEhrPostingFile(path: string): EhrSideEntry[] {
  const records = parse<Record<string, string>>(readFileSync(path), { columns: true, bom: true, trim: true });
  return records.map((record, index) => {
    const line = index + 2;
    const kind = record.kind as EventKind;
    const currency = (record.currency ?? '').toUpperCase();
    if (!EVENT_KINDS.includes(kind))
      throw new Error(`line ${String(line)}: unknown kind "${record.kind ?? ''}"`);
    if (!record.external_id) throw new Error(`line ${String(line)}: external_id is empty`);
    return {
      externalId: record.external_id,
      kind,
      amountMinor: parseMinor(record.amount ?? '', currency),
      currency,
      ehrReference: record.reference ?? '',
      day: record.date ?? '',
    };
  });
}
