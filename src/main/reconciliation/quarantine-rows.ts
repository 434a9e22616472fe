/**
 * Quarantined input in the daily reconciliation file: the file lists everything that did not post, and input
 * that never became a payment (unreadable, a card number, an amount above the ceiling…) did not post either.
 * Quarantine keeps the input as received, not a facility: the facility is read from it where the input says
 * one (a `facility` field, or the merchant-defined data slot the default rules map to it); input that names
 * none goes to the "unassigned" file, so nothing quarantined is in no file at all.
 */
import type { EpochMs, IsoDate } from '../../shared/domain';
import { dayWindow, zonedTime } from '../lib/time-zone';
import type { QuarantineRepository } from '../store/repositories/quarantine';
import type { FacilityZones } from './facility-zones';
import type { ReportTable } from './report-table';

/** The file name part for quarantined input without a facility. */
export const UNASSIGNED = 'unassigned';

export interface QuarantineRow {
  readonly id: number;
  readonly facility: string | null;
  readonly source: string;
  readonly sourceRef: string | null;
  readonly reasonCode: string;
  readonly reason: string;
  readonly state: string;
  readonly receivedAt: EpochMs;
}

/** Time zones span UTC-12 to UTC+14: a local day lies inside its UTC day widened by 15 hours each side. */
const WIDEN_MS = 15 * 3_600_000;
/** Merchant-defined data slot that the default field rules read as the facility (webhook-config.ts). */
const FACILITY_SLOTS = new Set(['facility', '3']);

/** The facility an input names, or null. Depth-limited: inputs are small records, never deep trees. */
export function facilityOfInput(input: unknown, depth = 0): string | null {
  if (depth > 6 || input === null || typeof input !== 'object') return null;
  if (Array.isArray(input)) {
    for (const item of input) {
      const found = facilityOfInput(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = input as Record<string, unknown>;
  const key = record.key;
  const value = record.value;
  if (typeof key === 'string' && typeof value === 'string' && FACILITY_SLOTS.has(key.toLowerCase())) {
    return value.trim() || null;
  }
  for (const [name, field] of Object.entries(record)) {
    if (/^facility$/i.test(name) && typeof field === 'string' && field.trim()) return field.trim();
  }
  for (const field of Object.values(record)) {
    const found = facilityOfInput(field, depth + 1);
    if (found) return found;
  }
  return null;
}

function parsedFacility(text: string): string | null {
  try {
    return facilityOfInput(JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/**
 * Input quarantined during the facility's day (received time, in the facility's zone) and still not posted
 * (open, or discarded by an operator; a released input became a payment and is in the payment rows).
 * `facility` null: the unassigned input of the day (in the default zone).
 */
export function quarantinedForDay(
  quarantine: Pick<QuarantineRepository, 'notPostedBetween'>,
  zones: FacilityZones,
  date: IsoDate,
  facility: string | null,
): QuarantineRow[] {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const rows: QuarantineRow[] = [];
  for (const stored of quarantine.notPostedBetween(utc - WIDEN_MS, utc + 86_400_000 + WIDEN_MS)) {
    const named = parsedFacility(stored.redactedInput);
    if (named !== facility) continue;
    const { start, end } = dayWindow(date, zones.zoneFor(named ?? ''));
    if (stored.receivedAt < start || stored.receivedAt >= end) continue;
    const { redactedInput: _input, ...row } = stored;
    rows.push({ ...row, facility: named });
  }
  return rows;
}

/** The facilities (and null for unassigned) with quarantined input received on or around the day. */
export function quarantineFacilities(
  quarantine: Pick<QuarantineRepository, 'notPostedBetween'>,
  date: IsoDate,
): (string | null)[] {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const found = new Set<string | null>();
  for (const input of quarantine.notPostedBetween(utc - WIDEN_MS, utc + 86_400_000 + WIDEN_MS))
    found.add(parsedFacility(input.redactedInput));
  return [...found];
}

export function quarantineTable(
  rows: readonly QuarantineRow[],
  zones: FacilityZones,
): ReportTable<QuarantineRow> {
  const clockOf = (row: QuarantineRow) => zonedTime(zones.zoneFor(row.facility ?? ''));
  return {
    sheet: 'Quarantined input',
    rows,
    // No money column: a quarantined input's amount is exactly what could not be trusted.
    currencyOf: () => 'USD',
    columns: [
      { header: 'Facility', type: 'text', value: (r) => r.facility ?? UNASSIGNED },
      { header: 'Received', type: 'text', value: (r) => clockOf(r).timestamp(r.receivedAt) },
      { header: 'Status', type: 'text', value: () => 'Quarantined' },
      { header: 'Reason code', type: 'text', value: (r) => r.reasonCode },
      { header: 'Reason', type: 'text', value: (r) => r.reason },
      { header: 'Source', type: 'text', value: (r) => r.source },
      { header: 'Source reference', type: 'text', value: (r) => r.sourceRef },
      { header: 'State', type: 'text', value: (r) => r.state },
      { header: 'Quarantine ID', type: 'integer', value: (r) => r.id },
    ],
  };
}
