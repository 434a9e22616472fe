/** What the import screen needs before anything is sent: reading the chosen file and the formats offered. */
import type { ImportInspection } from '../../../../shared/commands/imports';

export const ACCEPT =
  '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const FORMATS = [
  { value: '', label: 'Recognise from the header' },
  { value: 'cybersource-batch-detail', label: 'Cybersource Payment Batch Detail' },
  { value: 'cybersource-transaction-request', label: 'Cybersource Transaction Request' },
] as const;
export const BUILT_IN = new Set<string>(FORMATS.map((f) => f.value).filter((v) => v !== ''));
/** The format choice that opens the mapping editor; saved sources are `saved:<name>`. */
export const ANOTHER = 'another';
export const SAVED = 'saved:';
/** A CSV's header and first rows are in its first bytes; an XLSX (a zip) is read whole. */
export const INSPECT_BYTES = 256 * 1024;

/** The file's bytes as base64, without the `data:…;base64,` prefix. */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

export async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

export const fileSize = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The Payment Batch Detail report never names a facility (it carries neither facility nor EHR). */
const NAMES_NO_FACILITY = new Set(['cybersource-batch-detail']);
const FACILITY_HEADER = /facility|site|location|department/i;

export interface FacilityCheck {
  /** The facility typed for the whole file; empty: none. */
  readonly facility: string;
  /** The format chosen or recognised (a built-in name, a saved source), or null when not known. */
  readonly source: string | null;
  readonly inspection: ImportInspection | null;
  /** With a column mapping being written: the column chosen for the facility ('' none); else null. */
  readonly mappedFacility: string | null;
}

/**
 * Whether rows of this file may name no facility, so that importing without one would send them to
 * Quarantine. Said before the import, not discovered after it. Unknown counts as "may".
 */
export function mayLackFacility(check: FacilityCheck): boolean {
  if (check.facility.trim() !== '') return false;
  if (check.mappedFacility !== null) return check.mappedFacility === '';
  if (check.source !== null && NAMES_NO_FACILITY.has(check.source)) return true;
  if (!check.inspection || check.inspection.headers.length === 0) return true;
  return !check.inspection.headers.some((h) => FACILITY_HEADER.test(h));
}

/** Where a file's quarantined rows are listed: their source is `<file name>#line N`. */
export const quarantineOfFile = (fileName: string): string =>
  `/quarantine?state=open&ref=${encodeURIComponent(`${fileName}#`)}`;

/** What the file's start was read as, for the line under its name. */
export function recognisedText(inspecting: boolean, inspection: ImportInspection | null): string {
  if (inspecting) return 'Reading its columns…';
  if (inspection === null) return '';
  if (inspection.source !== null) return `Recognised: ${inspection.source}.`;
  return inspection.headers.length > 0
    ? 'Not a format Clearpost knows: map its columns below.'
    : 'No header line was found in its first lines.';
}

/** The source to name on import: a chosen one, or a saved source the header was recognised as. */
export function sourceToName(format: string, inspection: ImportInspection | null): { source?: string } {
  if (format.startsWith(SAVED)) return { source: format.slice(SAVED.length) };
  if (format === ANOTHER) return {};
  if (format) return { source: format };
  const found = inspection?.source;
  return found && !BUILT_IN.has(found) ? { source: found } : {};
}
