/**
 * `clearpost import FILE`, the console's file picker and drag-and-drop all land here.
 *
 * The file's content hash identifies it: a file already imported in full adds nothing. Rows stream through
 * the one intake path (card guard → mapping → validation → store or quarantine), committed in batches so
 * that memory stays bounded and a crash loses at most one uncommitted batch; a re-run after a crash picks up
 * where it stopped, because events dedupe on (transaction id, kind) and quarantined rows on (file, line).
 * Bad rows never stop good ones: each is quarantined with its reason.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EhrSystem, EventSource, IsoDate } from '../../../shared/domain';
import type { Repositories } from '../../store/repositories';
import { redactText } from '../../lib/card-text';
import { withheldFieldsOf } from '../canonical/guarantor-rules';
import { DEFAULT_INTAKE_CONFIG, type CybersourceIntakeConfig } from '../cybersource/webhook-config';
import { summarizeIssues } from '../event-schema';
import { ingestBatch, type IngestDeps, type IngestRequest } from '../ingest';
import { reject } from '../quarantine-reasons';
import { BATCH_DETAIL } from './batch-detail';
import { sha256OfFile } from '../../lib/sha256';
import { isZip, readRecords } from './file-source';
import { importNoticeTally } from './import-notices';
import { GenericMapping, genericFormat, type GenericMappingInput } from './generic-mapping';
import { matchHeader, rowObject, uniqueHeaders, type ColumnIndex } from './header';
import type { ReportRecord } from './records';
import { REPORT_DATE_FIELD, type FileContext, type ReportFormat } from './report-format';
import { reportDateOf } from './title-line';
import { TRANSACTION_REQUEST } from './transaction-request';

export const BUILTIN_FORMATS: readonly ReportFormat[] = [BATCH_DETAIL, TRANSACTION_REQUEST];

/** Lines before the header that are tolerated as titles. */
const MAX_TITLE_LINES = 10;
const DEFAULT_BATCH = 1000;

export interface ImportCountsSummary {
  readonly rows: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly duplicates: number;
}

export interface ImportProgress extends ImportCountsSummary {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface ImportSummary extends ImportCountsSummary {
  readonly source: string;
  readonly fileId: number;
  /** The same content was imported in full before: nothing was read again. */
  readonly alreadyImported: boolean;
  /** Plain sentences about stored rows that cannot post as they are (no account, no card expiry). */
  readonly notices: readonly string[];
}

export interface ImportOptions {
  /**
   * `cybersource-batch-detail`, `cybersource-transaction-request`, or the name of a generic source with a
   * saved (or given) mapping. Omitted: recognised from the header among the built-in and saved formats.
   */
  readonly source?: string;
  /** A generic source's column mapping; validated and saved for `source`. */
  readonly mapping?: GenericMappingInput;
  /** Facility and EHR for rows that do not name theirs (Payment Batch Detail never does). */
  readonly facility?: string;
  readonly ehr?: EhrSystem;
  /**
   * The file's day (`YYYY-MM-DD`) for layouts without a date column; otherwise read from the title line.
   * Given, it wins over the title line.
   */
  readonly reportDate?: IsoDate;
  /**
   * What the rows are: `file` (real payments from a processor's report), or `sandbox` for the embedded
   * sandbox's simulated processor, whose payments must stay synthetic. Defaults to `file`.
   */
  readonly eventSource?: Extract<EventSource, 'file' | 'sandbox'>;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Rows per transaction. */
  readonly batchSize?: number;
}

export interface ImportDeps extends IngestDeps {
  readonly repos: Pick<Repositories, 'events' | 'quarantine' | 'intakeKeys' | 'importedFiles'>;
  readonly config?: CybersourceIntakeConfig;
  /** Facility → IANA time zone, for the business dates of report rows (see row-event.ts). */
  readonly zoneFor?: (facility: string) => string;
}

export type ImportErrorCode =
  'unreadable_file' | 'unknown_format' | 'no_mapping' | 'invalid_mapping' | 'read_failed' | 'no_report_date';

/** A file-level refusal; row-level problems never raise, they are quarantined. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

interface Plan {
  readonly formats: readonly { format: ReportFormat; delimiter: string; sheet: number }[];
}

function plan(options: ImportOptions, deps: ImportDeps): Plan {
  const source = options.source?.trim();
  const builtin = BUILTIN_FORMATS.find((f) => f.source === source);
  if (builtin) return { formats: [{ format: builtin, delimiter: ',', sheet: 1 }] };
  const files = deps.repos.importedFiles;
  const generic = (name: string, input: unknown) => {
    const parsed = GenericMapping.safeParse(input);
    if (!parsed.success) {
      throw new ImportError(
        'invalid_mapping',
        `The column mapping for "${name}" is not valid: ${summarizeIssues(parsed.error)}`,
      );
    }
    return {
      format: genericFormat(name, parsed.data),
      delimiter: parsed.data.delimiter,
      sheet: parsed.data.sheet,
    };
  };
  if (source) {
    if (options.mapping !== undefined) {
      const entry = generic(source, options.mapping);
      files.saveMapping(source, options.mapping, deps.clock.now());
      return { formats: [entry] };
    }
    const saved = files.getMapping(source);
    if (saved === undefined) {
      throw new ImportError(
        'no_mapping',
        `No column mapping is saved for the source "${source}". Map its columns once in the console (or pass a mapping), or use cybersource-batch-detail or cybersource-transaction-request.`,
      );
    }
    return { formats: [generic(source, saved)] };
  }
  const savedFormats = files.mappingSources().flatMap((name) => {
    try {
      return [generic(name, files.getMapping(name))];
    } catch {
      return [];
    }
  });
  return {
    formats: [...BUILTIN_FORMATS.map((format) => ({ format, delimiter: ',', sheet: 1 })), ...savedFormats],
  };
}

export async function importFile(
  path: string,
  options: ImportOptions,
  deps: ImportDeps,
): Promise<ImportSummary> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    throw new ImportError('unreadable_file', `Clearpost cannot read the file ${basename(path)}.`);
  }
  const { formats } = plan(options, deps);
  const sha256 = await sha256OfFile(path);
  const files = deps.repos.importedFiles;
  const previous = files.findBySha(sha256);
  if (previous?.state === 'complete') {
    const summary = { rows: previous.rows, imported: 0, quarantined: 0, duplicates: previous.rows };
    options.onProgress?.({ ...summary, bytesRead: size, totalBytes: size });
    return {
      ...summary,
      source: previous.source,
      fileId: previous.id,
      alreadyImported: true,
      notices: [],
    };
  }

  const fileName = redactText(basename(path)).text;
  const xlsx = await isZip(path);
  // Detection reads with the first candidate's delimiter and sheet; generic sources name theirs explicitly.
  const first = formats[0];
  if (!first) throw new ImportError('unknown_format', 'No report format is configured.');
  const baseConfig = deps.config ?? DEFAULT_INTAKE_CONFIG;
  const rowConfig = {
    ...baseConfig,
    defaultFacility: options.facility ?? baseConfig.defaultFacility,
    defaultEhr: options.ehr ?? baseConfig.defaultEhr,
  };
  let ctx: FileContext = {
    source: options.eventSource ?? 'file',
    ...(deps.zoneFor ? { zoneFor: deps.zoneFor } : {}),
    config: rowConfig,
    reportDate: options.reportDate ?? null,
  };
  // Told of each stored row inside its transaction; tallies what cannot post (said in the summary).
  const tally = importNoticeTally();
  const ingestDeps: ImportDeps = {
    ...deps,
    onEventStored: (stored) => {
      tally.add(stored);
      deps.onEventStored?.(stored);
    },
  };

  let bytesRead = 0;
  const records = readRecords(path, {
    xlsx,
    delimiter: formats.length === 1 ? first.delimiter : ',',
    sheet: formats.length === 1 ? first.sheet : 1,
    onBytes: (n) => (bytesRead = n),
  });

  let fileId: number | null = null;
  const counts = { rows: 0, imported: 0, quarantined: 0, duplicates: 0 };
  let batch: IngestRequest[] = [];
  const progress = () => options.onProgress?.({ ...counts, bytesRead, totalBytes: size });

  const flush = () => {
    if (batch.length === 0) return;
    const work = batch;
    batch = [];
    // One transaction per batch: a crash loses at most this batch, and a re-run redoes it (idempotently).
    const results = ingestBatch(work, ingestDeps);
    for (const r of results) {
      if (r.outcome === 'stored') counts.imported += 1;
      else if (r.outcome === 'duplicate' || r.repeat) counts.duplicates += 1;
      else counts.quarantined += 1;
    }
    progress();
  };

  let header: { headers: string[]; index: ColumnIndex; format: ReportFormat } | null = null;
  let seen = 0;
  const titles: ReportRecord[] = [];
  try {
    for await (const record of records) {
      if (header === null) {
        seen += 1;
        header = detectHeader(record, formats);
        if (header === null) titles.push(record);
        if (header === null && seen >= MAX_TITLE_LINES) break;
        if (header !== null) {
          const reportDate = options.reportDate ?? reportDateOf(titles);
          if (header.format.needsReportDate && reportDate === null) {
            throw new ImportError(
              'no_report_date',
              `${fileName} has no date column and its title line names no single day: give the report's day with the import (YYYY-MM-DD). Nothing was imported.`,
            );
          }
          ctx = { ...ctx, reportDate };
          fileId = files.begin(
            { sha256, source: header.format.source, fileName, sizeBytes: size },
            deps.clock.now(),
          );
        }
        continue;
      }
      counts.rows += 1;
      const h = header;
      const ref = `${fileName}#line ${String(record.line)}`;
      const request = rowRequest(record, h, ctx, {
        sourceRef: ref,
        dedupeKey: `file:${sha256}:${String(record.line)}`,
        xlsx,
      });
      batch.push(request);
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH)) flush();
    }
    flush();
  } catch (error) {
    if (fileId !== null) {
      files.finish(
        fileId,
        'failed',
        cumulative(counts, previous),
        'The file could not be read to the end.',
        deps.clock.now(),
      );
    }
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      'read_failed',
      `Clearpost could not read ${fileName} to the end; the rows before the problem were kept.`,
    );
  }
  if (header === null || fileId === null) {
    const names = formats.map((f) => f.format.source).join(', ');
    throw new ImportError(
      'unknown_format',
      `No header line for ${names} was found in the first ${String(MAX_TITLE_LINES)} lines of ${fileName}.`,
    );
  }
  files.finish(fileId, 'complete', cumulative(counts, previous), null, deps.clock.now());
  progress();
  return {
    ...counts,
    source: header.format.source,
    fileId,
    alreadyImported: false,
    notices: tally.notices(),
  };
}

function cumulative(
  counts: ImportCountsSummary,
  previous: { imported: number; quarantined: number } | undefined,
): ImportCountsSummary {
  const imported = counts.imported + (previous?.imported ?? 0);
  const quarantined = counts.quarantined + (previous?.quarantined ?? 0);
  return {
    rows: counts.rows,
    imported,
    quarantined,
    duplicates: Math.max(0, counts.rows - imported - quarantined),
  };
}

function detectHeader(
  record: ReportRecord,
  formats: Plan['formats'],
): { headers: string[]; index: ColumnIndex; format: ReportFormat } | null {
  if (!('fields' in record)) return null;
  const headers = uniqueHeaders(record.fields);
  for (const { format } of formats) {
    const index = matchHeader(headers, format.columns);
    if (index) return { headers, index, format };
  }
  return null;
}

function rowRequest(
  record: ReportRecord,
  header: { headers: string[]; index: ColumnIndex; format: ReportFormat },
  ctx: FileContext,
  where: { sourceRef: string; dedupeKey: string; xlsx: boolean },
) {
  const base = {
    source: ctx.source,
    sourceRef: where.sourceRef,
    dedupeKey: where.dedupeKey,
    withheldFields: withheldFieldsOf(ctx.config.guarantorRules),
  };
  if (!('fields' in record)) {
    const rejection = reject('malformed_row', record.error);
    return {
      ...base,
      input: { line: record.line, raw: record.raw },
      map: () => ({ ok: false as const, rejection }),
    };
  }
  const { fields } = record;
  const extra = fields.slice(header.headers.length);
  // Spreadsheets drop trailing empty cells; in CSV a short row means the row is damaged.
  const short = fields.length < header.headers.length && !where.xlsx;
  const row = rowObject(header.headers.slice(0, short ? fields.length : undefined), fields);
  if (short || extra.some((f) => f.trim() !== '')) {
    extra.forEach((value, i) => (row[`extra ${String(i + 1)}`] = value));
    const rejection = reject(
      'malformed_row',
      `The row has ${String(fields.length)} fields; the header has ${String(header.headers.length)}.`,
    );
    return { ...base, input: row, map: () => ({ ok: false as const, rejection }) };
  }
  // The file's day goes with each row of a layout that has no date column, so quarantine keeps it.
  const index =
    header.format.needsReportDate && ctx.reportDate !== null && !(REPORT_DATE_FIELD in row)
      ? withReportDate(row, header.index, ctx.reportDate)
      : header.index;
  return {
    ...base,
    input: row,
    map: (clean: unknown) => header.format.mapRow(clean as Record<string, unknown>, index, ctx),
  };
}

function withReportDate(row: Record<string, string>, index: ColumnIndex, date: IsoDate): ColumnIndex {
  row[REPORT_DATE_FIELD] = date;
  return new Map([...index, ['reportDate', REPORT_DATE_FIELD]]);
}
