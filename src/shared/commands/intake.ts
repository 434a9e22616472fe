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
  type EpochMs,
  type EventSource,
  type PaymentEvent,
  type QuarantineState,
} from '../domain';
import { command, id } from './define';

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
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs | null;
}

const fileName = z
  .string()
  .trim()
  .min(1, 'The file needs a name')
  .max(200)
  .refine((name) => !/[\\/]/.test(name) && !name.includes('\0'), 'A file name, not a path');

export const ImportStart = z
  .object({
    fileName,
    /** The file's content, base64. */
    contentBase64: z
      .string()
      .min(1, 'The file is empty')
      .max(MAX_IMPORT_BASE64, 'The file is larger than 50 MiB; import it with `clearpost import`'),
    /** A built-in format or a saved generic source; omitted: recognised from the header. */
    source: z.string().trim().min(1).max(100).optional(),
    /** For rows that do not name theirs (Payment Batch Detail files carry neither). */
    facility: siteValue.optional(),
    ehr: z.enum(EHR_SYSTEMS).optional(),
  })
  .strict();

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
} as const;
