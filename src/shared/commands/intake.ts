/**
 * Commands of intake's quarantine: everything intake refused is kept with its reason and source, listed for
 * operators, and either released into the pipeline with corrections or discarded with a reason (never
 * deleted).
 */
import { z } from 'zod';
import {
  EHR_SYSTEMS,
  EVENT_SOURCES,
  QUARANTINE_STATES,
  type AuditEvent,
  type EhrSystem,
  type EpochMs,
  type EventSource,
  type PaymentEvent,
  type QuarantineState,
  type Tender,
} from '../domain';
import { command, id, none } from './define';

/** One quarantined input as the list shows it: the reason in words and the start of the redacted input. */
export interface QuarantineListRow {
  readonly id: number;
  readonly source: EventSource;
  /** Where it came from: `webhook:<trace id>`, `<file name>#line 12`. */
  readonly sourceRef: string | null;
  readonly reasonCode: string;
  /** The operator's sentence; never quotes card data. */
  readonly reason: string;
  readonly state: QuarantineState;
  readonly receivedAt: EpochMs;
  readonly resolvedAt: EpochMs | null;
  readonly resolvedBy: string | null;
  readonly releasedEventId: number | null;
  /** The operator's release note or discard reason. */
  readonly resolutionNote: string | null;
  /** Releases tried and refused (the input was still not postable). */
  readonly releaseAttempts: number;
  readonly updatedAt: EpochMs | null;
  /** The first characters of the redacted input (card numbers masked, CVVs removed). */
  readonly inputPreview: string;
  readonly inputTruncated: boolean;
}

export interface QuarantineEntry extends Omit<QuarantineListRow, 'inputPreview' | 'inputTruncated'> {
  /** The whole input as received, redacted (JSON). */
  readonly redactedInput: string;
  /** The last corrections an operator tried or released with. */
  readonly corrections: Readonly<Record<string, unknown>> | null;
}

export interface QuarantineDetail {
  readonly entry: QuarantineEntry;
  /** The payment event a release created or found. */
  readonly event: PaymentEvent | null;
  /** Releases, refusals and discards of this entry, oldest first. */
  readonly history: readonly AuditEvent[];
}

export interface QuarantineReleaseResult {
  /**
   * `released`: stored as a new payment event and queued for posting. `already_received`: the same
   * transaction was already stored (a later delivery or another file): the entry points at it and nothing
   * new is posted. `still_quarantined`: the corrected input was refused again; the entry stays open with
   * the new reason.
   */
  readonly outcome: 'released' | 'already_received' | 'still_quarantined';
  readonly entry: QuarantineEntry;
  readonly eventId: number | null;
}

const reasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'a reason code is lower-case letters, digits and _');

export const QuarantineQuery = z
  .object({
    /** Empty or absent: every state. */
    states: z.array(z.enum(QUARANTINE_STATES)).max(QUARANTINE_STATES.length).optional(),
    reasonCodes: z.array(reasonCode).max(50).optional(),
    sources: z.array(z.enum(EVENT_SOURCES)).max(EVENT_SOURCES.length).optional(),
    /** Prefix of where it came from: a file name, `webhook:`. */
    sourceRef: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Keyset cursor: the `next` of the previous page. */
    after: id.optional(),
  })
  .strict();
export type QuarantineQuery = z.output<typeof QuarantineQuery>;

const siteValue = z.string().trim().min(1).max(100);

/**
 * The canonical fields an operator may correct. A value replaces what the input says; null clears an
 * account or encounter that was wrong; absent leaves the field as the input has it.
 */
export const QuarantineCorrections = z
  .object({
    facility: siteValue.optional(),
    ehr: z.enum(EHR_SYSTEMS).optional(),
    guarantorAccount: siteValue.nullable().optional(),
    encounterId: siteValue.nullable().optional(),
  })
  .strict();
export type QuarantineCorrections = z.output<typeof QuarantineCorrections>;

/** The most quarantined inputs one bulk correct-and-release takes (the console sends them in such batches). */
export const RELEASE_MANY_MAX = 500;

export const QuarantineReleaseMany = z
  .object({
    /** Exactly the entries the operator saw listed: an entry that arrives afterwards is not touched. */
    ids: z.array(id).min(1).max(RELEASE_MANY_MAX),
    corrections: QuarantineCorrections.default({}),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

/** What became of one entry of a bulk release. */
export interface QuarantineReleaseManyItem {
  readonly id: number;
  /** `refused`: not released (closed meanwhile, or gone); `message` says why. */
  readonly outcome: QuarantineReleaseResult['outcome'] | 'refused';
  /** The reason in words when it was kept or refused; null when released. */
  readonly message: string | null;
}

export interface QuarantineReleaseManyResult {
  readonly released: number;
  readonly alreadyReceived: number;
  readonly stillQuarantined: number;
  readonly refused: number;
  readonly items: readonly QuarantineReleaseManyItem[];
}

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

/** One custom-field rule: a source field (merchant-defined data key, report column) → a target field. */
export type FieldRuleDoc = {
  readonly source: string;
  readonly target: string;
  readonly transforms: readonly string[];
  /** A lookup applied last ("CERNER" → "oracle_health"). */
  readonly map?: Readonly<Record<string, string>>;
};

export type MergedAccountDoc = {
  readonly ehr: EhrSystem;
  readonly from: string;
  /** null: combined into an unknown record, every payment on it goes to review. */
  readonly to: string | null;
};

/**
 * An account + date-of-birth rule as the console sees it. The date of birth is never sent back, nor its
 * digest (a digest of a date is guessed in seconds): `ref` stands for the stored digest while this
 * Clearpost runs, and is sent back to keep it.
 */
export type DateOfBirthRuleView = {
  readonly ehr: EhrSystem;
  readonly account: string;
  readonly survivingAccount: string | null;
  readonly ref: string;
};

/** A date-of-birth rule to save: `ref` keeps the stored date, `dateOfBirth` sets a new one. */
export type DateOfBirthRuleDraft = {
  readonly ehr: EhrSystem;
  readonly account: string;
  readonly survivingAccount?: string;
  readonly ref?: string;
  readonly dateOfBirth?: string;
};

export interface IntakeRulesView {
  readonly fieldRules: readonly FieldRuleDoc[];
  /** No rules are saved: these are Clearpost's defaults. */
  readonly fieldRulesAreDefaults: boolean;
  readonly defaultFacility: string | null;
  readonly defaultEhr: EhrSystem | null;
  /** Inputs above this amount (minor units) are quarantined; null: Clearpost's default ceiling. */
  readonly amountCeilingMinor: number | null;
  readonly mergedAccounts: readonly MergedAccountDoc[];
  /** Null: no account needs a date of birth. */
  readonly dateOfBirth: {
    /** The merchant-defined data key (or report column) carrying the payer's date of birth. */
    readonly field: string;
    readonly rules: readonly DateOfBirthRuleView[];
  } | null;
  /** What the editor offers. */
  readonly transforms: readonly string[];
  readonly canonicalTargets: readonly string[];
}

/** The rules to save, the whole set: what is left out is removed (field rules left out: the defaults). */
export type IntakeRulesDraft = {
  readonly fieldRules?: readonly FieldRuleDoc[];
  readonly defaultFacility?: string | null;
  readonly defaultEhr?: EhrSystem | null;
  /** Minor units; left out: Clearpost's default ceiling. */
  readonly amountCeilingMinor?: number;
  readonly guarantorRules?: {
    readonly mergedAccounts?: readonly MergedAccountDoc[];
    readonly dateOfBirth?: { readonly field: string; readonly rules?: readonly DateOfBirthRuleDraft[] };
  };
};

export const INTAKE_COMMANDS = {
  'quarantine.list': command<{ readonly rows: readonly QuarantineListRow[]; readonly next: number | null }>()(
    'Inputs intake refused, newest first, filtered by state, reason and source, paged by keyset.',
    QuarantineQuery,
  ),
  'quarantine.get': command<QuarantineDetail>()(
    'One quarantined input in full, with the event its release created and its history.',
    z.object({ id }).strict(),
  ),
  'quarantine.release': command<QuarantineReleaseResult>()(
    'Runs a quarantined input, with the corrections given, through intake again: stored and queued for posting, or kept with the new reason.',
    z
      .object({
        id,
        corrections: QuarantineCorrections.default({}),
        note: z.string().trim().min(1).max(2000).optional(),
      })
      .strict(),
  ),
  'quarantine.releaseMany': command<QuarantineReleaseManyResult>()(
    'Releases the quarantined inputs named, each with the same corrections (set facility NORTH for every row of a file), one by one through intake; reports each outcome.',
    QuarantineReleaseMany,
  ),
  'facilities.list': command<readonly string[]>()(
    'The facilities Clearpost knows, sorted: named in settings (time zones, file-only routing, the intake default) or on recent payments.',
    none,
  ),
  'quarantine.discard': command<QuarantineEntry>()(
    'Closes a quarantined input without posting it; the entry and its reason are kept.',
    z
      .object({
        id,
        reason: z.string().trim().min(1, 'A reason is required to discard an input').max(2000),
      })
      .strict(),
  ),
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
  'intake.rules.get': command<IntakeRulesView>()(
    'Intake rules: custom-field rules, default facility and EHR, merged accounts, account + date-of-birth rules (never the dates).',
    none,
  ),
  'intake.rules.save': command<IntakeRulesView>()(
    'Validates and saves the intake rules as a whole; refuses them with every problem named. Intake uses them from the next input.',
    z.object({ rules: z.record(z.string(), z.unknown()) }).strict(),
  ),
} as const;
