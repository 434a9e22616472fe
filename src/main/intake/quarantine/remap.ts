/**
 * Reads a quarantined input again with the mapper that first refused it, so that a release takes the same
 * path as the original delivery: webhook envelopes (processor or sandbox) with the webhook mapper, report
 * rows with the report format of the file they came from. The operator's corrections reach the mapper as
 * site overrides, and the guarantor rules run on the corrected account like on any other event.
 */
import type { EventSource } from '../../../shared/domain';
import type { ImportedFilesRepository } from '../../store/repositories/imported-files';
import type { SiteOverrides } from '../canonical/site-fields';
import { mapWebhookEnvelope } from '../cybersource/map-payload';
import type { CybersourceIntakeConfig } from '../cybersource/webhook-config';
import type { MapOutcome } from '../ingest';
import { reject, type IntakeReasonCode } from '../quarantine-reasons';
import { BUILTIN_FORMATS } from '../reports/import-file';
import { genericFormat, GenericMapping } from '../reports/generic-mapping';
import { matchHeader, type ColumnIndex } from '../reports/header';
import type { ReportFormat } from '../reports/report-format';

export interface RemapContext {
  readonly source: EventSource;
  /** The entry's reason when it was refused: a row refused for its shape cannot be read again. */
  readonly reasonCode: string;
  /** The import source (report format) recorded for the entry's file, when known. */
  readonly importSource: string | null;
  readonly config: CybersourceIntakeConfig;
  readonly overrides: SiteOverrides;
  readonly importedFiles: Pick<ImportedFilesRepository, 'getMapping' | 'mappingSources'>;
  /** Facility → IANA time zone: a report's date-only value is the facility's business date. */
  readonly zoneFor?: ((facility: string) => string) | undefined;
}

// A damaged row (too few or too many fields) may have its values shifted: correcting the site fields does
// not make its amount trustworthy, so it stays refused until a corrected file is imported.
const UNREADABLE_AGAIN: ReadonlySet<string> = new Set<IntakeReasonCode>(['malformed_row']);

// A webhook whose payload could not be decrypted, or whose kind the signed payload contradicts or already
// holds, is not made postable by correcting site fields: releasing it could post a forged refund or void.
const WEBHOOK_NOT_RELEASED: Readonly<Partial<Record<IntakeReasonCode, string>>> = {
  mle_unknown_key:
    'An encrypted payload this installation cannot decrypt is not released: register the key (clearpost mle-key), ask Cybersource to replay the notification, and discard this entry.',
  mle_tampered:
    'An encrypted payload that does not decrypt is not released: ask Cybersource to replay it, and discard this entry.',
  mle_malformed: 'An encrypted payload Clearpost cannot read is not released: discard this entry.',
  kind_mismatch:
    'A notification whose event type contradicts its signed payload is not released: the signed payload decides; discard this entry.',
  kind_conflict:
    'This transaction is already held as another kind of event; a second kind is not released: discard this entry.',
  kind_unsigned:
    'The signed payload does not say what kind of transaction this is, so it is not released: discard it, and check the event in the Business Center.',
};

export function remapQuarantined(input: unknown, ctx: RemapContext): MapOutcome {
  const config: CybersourceIntakeConfig = { ...ctx.config, siteOverrides: ctx.overrides };
  switch (ctx.source) {
    case 'webhook':
    case 'sandbox': {
      const notReleased = WEBHOOK_NOT_RELEASED[ctx.reasonCode as IntakeReasonCode];
      if (notReleased) return refuse(notReleased);
      // The v-c-event-type header was not kept; envelopes name their event type themselves.
      return mapWebhookEnvelope(input, { source: ctx.source, headerEventType: null, config });
    }
    case 'file':
      return remapRow(input, ctx, config);
    case 'manual':
      return refuse('Manual entries are entered again by hand: discard this one and enter the payment.');
  }
}

function remapRow(input: unknown, ctx: RemapContext, config: CybersourceIntakeConfig): MapOutcome {
  if (UNREADABLE_AGAIN.has(ctx.reasonCode)) {
    return {
      ok: false,
      rejection: reject(
        'malformed_row',
        'A damaged row is not released: correct the file and import it again, or discard this entry.',
      ),
    };
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return refuse('The kept row is not a header → value record.');
  }
  const row = input as Record<string, unknown>;
  const found = findFormat(Object.keys(row), ctx);
  if (!found) return refuse('No known report format matches the columns of the kept row.');
  // A layout without a date column kept the file's day in the row (`report_date`, see import-file.ts).
  return found.format.mapRow(row, found.index, {
    source: 'file',
    config,
    reportDate: null,
    ...(ctx.zoneFor ? { zoneFor: ctx.zoneFor } : {}),
  });
}

/** The file's own format when recorded, else the first format whose columns the row has (as import does). */
function findFormat(
  headers: readonly string[],
  ctx: RemapContext,
): { format: ReportFormat; index: ColumnIndex } | null {
  const saved = ctx.importedFiles.mappingSources().flatMap((name) => {
    const parsed = GenericMapping.safeParse(ctx.importedFiles.getMapping(name));
    return parsed.success ? [genericFormat(name, parsed.data)] : [];
  });
  const formats = [...BUILTIN_FORMATS, ...saved];
  const own = formats.find((f) => f.source === ctx.importSource);
  for (const format of own ? [own] : formats) {
    const index = matchHeader(headers, format.columns);
    if (index) return { format, index };
  }
  return null;
}

function refuse(detail: string): MapOutcome {
  return { ok: false, rejection: reject('not_releasable', detail) };
}
