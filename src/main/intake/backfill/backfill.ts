/**
 * "Nothing missed": Cybersource webhooks can be lost (3 retries a minute apart, then never again), so each
 * morning, and on `clearpost backfill --date`, the day's Payment Batch Detail report is downloaded for every
 * configured organization and compared with what arrived. The rows the webhooks missed go through the same
 * file import (card guard → mapping → validation → store or quarantine) as any report file; then a webhook
 * replay is requested for the day, so the richer notifications (account, card details) follow.
 *
 * Every report is downloaded before anything is imported: a refused or failing download (401, 429, 5xx, no
 * answer) stops the run with a clear error and changes nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { backfillRepository } from '../../store/repositories/backfill';
import { dayWindow } from '../../lib/time-zone';
import { ImportError, type ImportOptions, type ImportSummary } from '../reports/import-file';
import type { BackfillPlan } from './backfill-settings';
import { CybersourceApiError, type CybersourceRestClient } from './cybersource-rest-client';
import { findGap, type ReportGap } from './report-gap';

export interface BackfillSummary {
  readonly date: string;
  readonly reportRows: number;
  readonly alreadyHad: number;
  readonly imported: number;
  /** Missing rows intake refused (quarantined with their reasons). */
  readonly quarantined: number;
  readonly replayRequested: boolean;
  /** Plain sentences: rows that cannot post as they are, a replay not requested and why. */
  readonly notices: readonly string[];
}

export interface BackfillDeps {
  readonly db: Database;
  readonly client: CybersourceRestClient;
  /** The app's file import (it wakes the engine and the console afterwards). */
  readonly importFile: (path: string, options: ImportOptions) => Promise<ImportSummary>;
  /** Where the files of missing rows are written (kept: they are what was imported). */
  readonly workDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `sandbox` for the embedded sandbox's own processor; otherwise the rows are real (`file`). */
  readonly eventSource?: ImportOptions['eventSource'];
}

/** Cybersource replays failed notifications of the last month only, a span of at most 24 hours. */
const REPLAY_WINDOW_MS = 30 * 86_400_000;
const MAX_SPAN_MS = 24 * 3_600_000;
/** How far before the report's day a held (quarantined) webhook of its transactions is looked for. */
const HELD_SINCE_MS = 7 * 86_400_000;

export class BackfillError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'BackfillError';
  }
}

export async function runBackfill(
  date: string,
  plan: BackfillPlan,
  deps: BackfillDeps,
  trigger: 'schedule' | 'command',
): Promise<BackfillSummary> {
  const { db, clock } = deps;
  const logger = deps.logger.child({ scope: 'backfill' });
  const window = dayWindow(date, plan.timeZone);
  const runs = backfillRepository(db);
  const runId = runs.startRun(date, trigger, clock.now());
  const fail = (message: string, cause?: unknown): never => {
    runs.failRun(runId, message);
    logger.warn({ date, err: message }, 'backfill stopped');
    throw new BackfillError(message, cause);
  };
  if (plan.organizations.length === 0)
    fail('No Cybersource organization is configured for backfill: nothing was downloaded.');

  // Everything first: a refused download must leave the day as it was.
  const reports: { org: BackfillPlan['organizations'][number]; gap: ReportGap }[] = [];
  for (const org of plan.organizations) {
    let csv: string;
    try {
      csv = await deps.client.downloadReport({
        organizationId: org.organizationId,
        reportDate: date,
        reportName: plan.reportName,
      });
    } catch (error) {
      if (error instanceof CybersourceApiError) fail(`${error.message} Nothing was imported.`, error);
      throw error;
    }
    try {
      const label = `The report for ${org.organizationId}`;
      reports.push({
        org,
        gap: await findGap(db, org.organizationId, csv, label, window.start - HELD_SINCE_MS),
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : 'The report could not be read.', error);
    }
  }

  const totals = { reportRows: 0, alreadyHad: 0, imported: 0, quarantined: 0 };
  const notices: string[] = [];
  await mkdir(deps.workDir, { recursive: true });
  for (const { org, gap } of reports) {
    totals.reportRows += gap.reportRows;
    totals.alreadyHad += gap.alreadyHad;
    if (gap.csv === null) continue;
    const path = join(deps.workDir, `${safeName(org.organizationId)}-${date}-missed.csv`);
    await writeFile(path, gap.csv, { mode: 0o600 });
    let summary: ImportSummary;
    try {
      summary = await deps.importFile(path, {
        source: 'cybersource-batch-detail',
        facility: org.facility,
        ehr: org.ehr,
        ...(deps.eventSource ? { eventSource: deps.eventSource } : {}),
      });
    } catch (error) {
      // The rows committed before the problem are kept (and found as had by the next run).
      if (error instanceof ImportError) fail(error.message, error);
      throw error;
    }
    // Handed over, whatever intake made of each row: the next run does not hand them over again.
    runs.rememberHanded(org.organizationId, gap.missingIds, date, clock.now());
    totals.imported += summary.imported;
    totals.quarantined += summary.quarantined;
    notices.push(...summary.notices);
  }

  const missed = totals.imported + totals.quarantined > 0;
  const replay = missed ? await requestReplay(plan, deps, window) : { requested: false, notice: null };
  if (replay.notice) notices.push(replay.notice);
  const result: BackfillSummary = { date, ...totals, replayRequested: replay.requested, notices };
  runs.finishRun(runId, clock.now(), { ...totals, replayRequested: replay.requested });
  logger.info({ ...result, notices: undefined }, 'backfill finished');
  return result;
}

async function requestReplay(
  plan: BackfillPlan,
  deps: BackfillDeps,
  window: { start: number; end: number },
): Promise<{ requested: boolean; notice: string | null }> {
  if (plan.webhookId === null)
    return { requested: false, notice: 'No webhook subscription is configured, so no replay was requested.' };
  const now = deps.clock.now();
  if (window.start < now - REPLAY_WINDOW_MS)
    return {
      requested: false,
      notice:
        'The day is more than 30 days ago: Cybersource replays only the last month, so no replay was requested.',
    };
  // A 25-hour day (clocks going back) is cut to the 24 hours Cybersource allows; a day not over yet ends now.
  const end = Math.min(window.end, window.start + MAX_SPAN_MS, now);
  try {
    await deps.client.requestReplay(plan.webhookId, {
      startTime: new Date(window.start).toISOString(),
      endTime: new Date(end).toISOString(),
    });
    return { requested: true, notice: null };
  } catch (error) {
    if (!(error instanceof CybersourceApiError)) throw error;
    // The missing rows are imported already; the replay only brings their webhooks' details.
    return { requested: false, notice: `The webhook replay was not requested: ${error.message}` };
  }
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}
