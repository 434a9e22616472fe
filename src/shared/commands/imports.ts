/**
 * Commands of file import from the console: a processor report uploaded and imported in the background,
 * its start inspected for the column mapping, and the generic sources' saved column mappings.
 */
import { z } from 'zod';
import { EHR_SYSTEMS, type EpochMs, type Tender } from '../domain';
import { command, none, siteValue } from './define';

/** The largest report file the console may upload for import. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Base64 of {@link MAX_IMPORT_BYTES}: four characters per three bytes, padded. */
export const MAX_IMPORT_BASE64 = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;

export const IMPORT_STATES = ['running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** Rows counted so far (while running) or in all (when done). */
export interface ImportCounts {
  readonly rows: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly duplicates: number;
}

/** A console file import running in the background, as `imports.status` reports it. */
export interface ImportStatus {
  readonly id: string;
  readonly fileName: string;
  readonly state: ImportState;
  readonly counts: ImportCounts;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** The report format recognised or chosen; set when done. */
  readonly source: string | null;
  /** The same content was imported in full before: nothing was read again. */
  readonly alreadyImported: boolean;
  /** Why the file was refused as a whole (unknown format, unreadable); rows never fail the import. */
  readonly error: string | null;
  /** Plain sentences about imported rows that cannot post as they are (no account, no card expiry). */
  readonly notices: readonly string[];
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs | null;
}

const fileName = z
  .string()
  .trim()
  .min(1, 'The file needs a name')
  .max(200)
  .refine((name) => !/[\\/]/.test(name) && !name.includes('\0'), 'A file name, not a path');

const fileContent = z
  .string()
  .min(1, 'The file is empty')
  .max(MAX_IMPORT_BASE64, 'The file is larger than 50 MiB; import it with `clearpost import`');

/** A generic source's name: what the console offers next time. Built-in format names are refused in main. */
export const mappingSource = z.string().trim().min(1, 'The source needs a name').max(100);

/**
 * A generic source's column mapping as the console sends it. Main validates it field by field against the
 * full schema (src/main/intake/reports/generic-mapping.ts), so it is loosely typed on the wire.
 */
const mappingDocument = z.record(z.string(), z.unknown());

export const ImportStart = z
  .object({
    fileName,
    /** The file's content, base64. */
    contentBase64: fileContent,
    /** A built-in format or a saved generic source; omitted: recognised from the header. */
    source: z.string().trim().min(1).max(100).optional(),
    /** A column mapping for `source` (required with it): validated, saved for the source, then used. */
    mapping: mappingDocument.optional(),
    /** For rows that do not name theirs (Payment Batch Detail files carry neither). */
    facility: siteValue.optional(),
    ehr: z.enum(EHR_SYSTEMS).optional(),
  })
  .strict()
  .refine((a) => a.mapping === undefined || a.source !== undefined, {
    message: 'Name the source the column mapping is for',
    path: ['source'],
  });

export const IMPORT_DELIMITERS = [',', ';', '\t', '|'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

/** What `imports.inspect` read from the start of a file, for the console's column mapping. */
export interface ImportInspection {
  readonly fileType: 'csv' | 'xlsx';
  /** CSV: the delimiter the header line uses (XLSX: ','). */
  readonly delimiter: ImportDelimiter;
  /** A built-in format or a saved generic source whose columns the header has; null: unrecognised. */
  readonly source: string | null;
  /** The header line's column names (made unique: "Amount", "Amount (2)"); empty when none was found. */
  readonly headers: readonly string[];
  /**
   * The first rows after the header, through the card guard: card numbers masked to their last four, card
   * security codes removed. Never the file's raw values.
   */
  readonly sampleRows: readonly (readonly string[])[];
  /** Card numbers masked and security codes removed in the header and sample. */
  readonly maskedValues: number;
}

/** The target fields of a generic mapping, in the order the console shows them. */
export const MAPPING_COLUMNS = [
  'transactionId',
  'amount',
  'transactionDate',
  'currency',
  'kind',
  'status',
  'reasonCode',
  'merchantRef',
  'guarantorAccount',
  'encounterId',
  'facility',
  'ehr',
  'paymentMethod',
  'cardBrand',
  'cardLast4',
] as const;
export type MappingColumn = (typeof MAPPING_COLUMNS)[number];
export const REQUIRED_MAPPING_COLUMNS = ['transactionId', 'amount', 'transactionDate'] as const;

export const MAPPING_KINDS = ['payment', 'refund', 'void', 'declined'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/** A generic source's column mapping, as saved (defaults filled in) and as the console edits it. */
export type GenericMappingDoc = {
  readonly columns: Readonly<Partial<Record<MappingColumn, string>>>;
  readonly kindValues?: Readonly<Record<MappingKind, readonly string[]>>;
  readonly declinedStatuses?: readonly string[];
  readonly defaultCurrency?: string;
  readonly defaultTender?: Tender;
  readonly refundsNegative?: boolean;
  readonly customFields?: readonly Readonly<Record<string, unknown>>[];
  readonly delimiter?: ImportDelimiter;
  readonly sheet?: number;
};

export interface SavedMapping {
  readonly source: string;
  readonly mapping: GenericMappingDoc;
  readonly updatedAt: number;
  /** A saved mapping the current schema refuses (saved by an older Clearpost, edited by hand). */
  readonly problems: readonly string[];
}

export interface SavedMappingRow {
  readonly source: string;
  readonly updatedAt: number;
}

export const IMPORT_COMMANDS = {
  'imports.start': command<ImportStatus>()(
    'Imports a processor report file (CSV or XLSX, base64, up to 50 MiB) in the background; poll imports.status with its id.',
    ImportStart,
  ),
  'imports.status': command<ImportStatus>()(
    'The progress of a console file import, and its summary once done.',
    z.object({ id: z.string().min(1).max(100) }).strict(),
  ),
  'imports.inspect': command<ImportInspection>()(
    'Reads the start of a report file (base64): its format if recognised, its header columns and a few rows with card numbers masked.',
    z.object({ fileName, contentBase64: fileContent }).strict(),
  ),
  'imports.mappings.list': command<readonly SavedMappingRow[]>()(
    'The generic sources with a saved column mapping.',
    none,
  ),
  'imports.mappings.get': command<SavedMapping>()(
    "One generic source's saved column mapping.",
    z.object({ source: mappingSource }).strict(),
  ),
  'imports.mappings.save': command<SavedMapping>()(
    "Validates and saves a generic source's column mapping; refuses it with every problem named.",
    z.object({ source: mappingSource, mapping: mappingDocument }).strict(),
  ),
  'imports.mappings.delete': command<{ readonly deleted: boolean }>()(
    "Removes a generic source's saved column mapping (files already imported are kept).",
    z.object({ source: mappingSource }).strict(),
  ),
} as const;
