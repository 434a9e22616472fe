/**
 * The history of written report files: each file recorded as it lands (name, hash, rows, totals, who asked),
 * and read back checked against what is on disk now.
 */
import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { formatMinor } from '../../shared/money';
import type { Clock } from '../clock';
import { sha256OfFile } from '../lib/sha256';
import type { Logger } from '../logger';
import {
  reportFilesRepository,
  type ReportFileRecord,
  type ReportKind,
} from '../store/repositories/report-files';
import type { Requester, WrittenFile } from './report-requests';

export type OnDisk = 'unchanged' | 'changed' | 'missing';

/** Totals per currency as decimal text, from minor units. */
export function decimalTotals(totalsMinor: Record<string, number>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(totalsMinor).map(([currency, minor]) => [currency, formatMinor(minor, currency)]),
  );
}

export type ReportHistory = ReturnType<typeof reportHistory>;

export function reportHistory(db: Database, clock: Clock, logger: Logger) {
  const files = reportFilesRepository(db);
  return {
    files,

    /** Records a file that landed, and answers it as the caller reports it. */
    record(
      base: Omit<WrittenFile, 'totals' | 'path' | 'sha256' | 'bytes'>,
      written: { path: string; sha256: string; bytes: number },
      requester: Requester,
    ): WrittenFile {
      files.record(
        {
          kind: base.kind,
          facility: base.facility,
          businessDate: base.date,
          basis: base.basis,
          format: base.format,
          fileName: base.file,
          path: written.path,
          sha256: written.sha256,
          sizeBytes: written.bytes,
          rows: base.rows,
          totals: base.totalsMinor,
          trigger: requester.trigger,
          generatedBy: requester.actor,
        },
        clock.now(),
      );
      logger.info({ file: base.file, rows: base.rows, sha256: written.sha256 }, 'report file written');
      return {
        ...base,
        ...written,
        totals: decimalTotals(base.totalsMinor),
      };
    },

    /** The history, each entry checked against the file on disk now. */
    async list(
      kind: ReportKind | undefined,
      limit: number,
    ): Promise<(ReportFileRecord & { onDisk: OnDisk })[]> {
      const records = files.list(kind, limit);
      const checked: (ReportFileRecord & { onDisk: OnDisk })[] = [];
      for (const record of records) checked.push({ ...record, onDisk: await checkOnDisk(record) });
      return checked;
    },
  };
}

/** Hashes the file as a stream: a report of a million rows is never read into memory at once. */
async function checkOnDisk(record: ReportFileRecord): Promise<OnDisk> {
  if (!existsSync(record.path)) return 'missing';
  let hash: string;
  try {
    hash = await sha256OfFile(record.path);
  } catch (error) {
    // Removed between the check and the read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return hash === record.sha256 ? 'unchanged' : 'changed';
}
