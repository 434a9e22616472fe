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
import { command, id, none, siteValue } from './define';

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

export const QUARANTINE_COMMANDS = {
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
} as const;
