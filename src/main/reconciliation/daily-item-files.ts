/**
 * The day's item files: each Epic facility's void and refund file, and each file-only facility's posting
 * file. Unlike the tabular reports, these files claim their items: the first generation of a day takes
 * every item not yet in a file, and regenerating reproduces exactly that set, so no item moves between
 * days' files or is left out.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../shared/domain';
import type { Clock } from '../clock';
import { writeStreamAtomic } from '../lib/atomic-stream-write';
import type { AtomicWriteHooks } from '../lib/atomic-write';
import { dayWindow } from '../lib/time-zone';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';
import { epicFileItemsRepository, type EpicFileItem } from '../store/repositories/epic-file-items';
import { postingFileItemsRepository, type PostingFileItem } from '../store/repositories/posting-file-items';
import { epicVoidFileContent } from './epic-void-file';
import type { FacilityZones } from './facility-zones';
import { epicVoidFileName, postingFileName } from './file-names';
import { postingFileContent } from './posting-file';
import { DEFAULT_POSTING_FILE_FORMAT } from './posting-file-format';
import { decimalTotals, type ReportHistory } from './report-history';
import {
  ReportError,
  type EpicExport,
  type PostingFileExport,
  type PostingFileRouting,
  type Requester,
  type WrittenFile,
  type WrittenPostingFile,
} from './report-requests';

export interface ItemFilesContext {
  readonly db: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly zones: FacilityZones;
  readonly history: ReportHistory;
  readonly routing?: PostingFileRouting | undefined;
  readonly defaultCurrency?: string | undefined;
  readonly writeHooks?: AtomicWriteHooks | undefined;
  /** The output folder made ready (owner-only when new, stale partial files swept). */
  readonly prepareDir: (outDir: string) => string;
}

export function itemFiles(ctx: ItemFilesContext) {
  const { db, repos, clock, zones, history, logger } = ctx;
  const epicItems = epicFileItemsRepository(db, repos.audit);
  const postingItems = postingFileItemsRepository(db, repos.audit);
  const fileOnly = (): readonly string[] => ctx.routing?.fileOnlyFacilities ?? [];
  const prepareDir = ctx.prepareDir;

  /** A file-only facility sends everything, Epic voids included, in its own posting file. */
  function epicFacilities(facility: string | undefined): string[] {
    const only = new Set(fileOnly());
    if (facility !== undefined) return only.has(facility) ? [] : [facility];
    return repos.events.facilitiesOf('epic').filter((f) => !only.has(f));
  }

  function postingFacilities(facility: string | undefined): string[] {
    const only = [...fileOnly()].sort();
    return facility === undefined ? only : only.filter((f) => f === facility);
  }

  /** Each facility's next file as it would list its items: those claimed for the day, else those it would claim. */
  function nextFileItems<T>(
    facilities: readonly string[],
    items: {
      claimed(facility: string, date: IsoDate): T[];
      unclaimed(facility: string, dayEnd: number): T[];
    },
    date: IsoDate,
  ): { facility: string; items: T[] }[] {
    return facilities.map((f) => {
      const claimed = items.claimed(f, date);
      return {
        facility: f,
        items: claimed.length ? claimed : items.unclaimed(f, dayWindow(date, zones.zoneFor(f)).end),
      };
    });
  }

  /** The facility's zone and the end of `date` there, once the day is over there; `file` names what waits for it. */
  function dayOver(facility: string, date: IsoDate, file: string): { zone: string; end: number } {
    const zone = zones.zoneFor(facility);
    const { end } = dayWindow(date, zone);
    if (clock.now() < end) {
      throw new ReportError(
        'day_not_over',
        `${date} is not over yet in ${facility} (${zone}); ${file} can be generated from midnight on`,
      );
    }
    return { zone, end };
  }

  /**
   * The items of one file-only facility's posting file for the day, claimed like the Epic file's: the first
   * generation claims every unclaimed daily-file posting taken before the day ended (late arrivals of
   * earlier days included, so none is left behind); a regeneration reproduces exactly the claimed set.
   */
  function postingItemsFor(facility: string, date: IsoDate, requester: Requester, fileName: string) {
    const { zone, end } = dayOver(facility, date, 'its posting file');
    let items: PostingFileItem[] = postingItems.claimed(facility, date);
    if (!postingItems.written(facility, date)) {
      postingItems.claim(postingItems.unclaimed(facility, end), date, fileName, requester.actor, clock.now());
      items = postingItems.claimed(facility, date);
    }
    return { items, zone };
  }

  /**
   * The items of one facility's Epic file for the day. The first generation claims every unclaimed void and
   * refund taken before the day ended (late arrivals of earlier days included, so none is left behind);
   * regenerating reproduces exactly the claimed set, so a re-run never moves an item between days' files.
   */
  function epicItemsFor(facility: string, date: IsoDate, requester: Requester, fileName: string) {
    const { zone, end } = dayOver(facility, date, 'its Epic file');
    const alreadyGenerated = history.files.generated('epic_voids', facility, date);
    let items: EpicFileItem[] = epicItems.claimed(facility, date);
    if (!alreadyGenerated) {
      const fresh = epicItems.unclaimed(facility, end);
      epicItems.claim(fresh, date, fileName, requester.actor, clock.now());
      items = epicItems.claimed(facility, date);
    }
    return { items, zone };
  }

  return {
    /** Epic voids and refunds not yet in any file, as the next file would list them (nothing is claimed). */
    epicPreview(date: IsoDate, facility?: string): { facility: string; items: EpicFileItem[] }[] {
      return nextFileItems(epicFacilities(facility), epicItems, date);
    },

    async exportEpicVoids(request: EpicExport, requester: Requester): Promise<WrittenFile[]> {
      const dir = prepareDir(request.outDir);
      const written: WrittenFile[] = [];
      for (const facility of epicFacilities(request.facility)) {
        const fileName = epicVoidFileName(facility, request.date);
        const { items, zone } = epicItemsFor(facility, request.date, requester, fileName);
        let content;
        try {
          content = epicVoidFileContent(items, zone, ctx.defaultCurrency ?? 'USD');
        } catch (error) {
          throw new ReportError('mixed_currency', (error as Error).message);
        }
        const path = join(dir, fileName);
        const result = {
          path,
          ...(await writeStreamAtomic(path, [Buffer.from(content.text, 'utf8')], ctx.writeHooks)),
        };
        written.push(
          history.record(
            {
              kind: 'epic_voids',
              facility,
              date: request.date,
              basis: 'transaction',
              format: 'pipe',
              file: fileName,
              rows: content.rows,
              totalsMinor: content.totals,
            },
            result,
            requester,
          ),
        );
      }
      return written;
    },

    /** A file-only facility's next posting file, as it would list its items (nothing is claimed). */
    postingFilePreview(date: IsoDate, facility?: string): { facility: string; items: PostingFileItem[] }[] {
      return nextFileItems(postingFacilities(facility), postingItems, date);
    },

    /** Whether the day's posting file of a file-only facility was written (the schedule's "done"). */
    postingFileWritten: (facility: string, date: IsoDate): boolean => postingItems.written(facility, date),

    isFileOnly: (facility: string): boolean => fileOnly().includes(facility),

    /** Writes each file-only facility's daily posting file (one file per facility and day). */
    async exportPostingFiles(
      request: PostingFileExport,
      requester: Requester,
    ): Promise<WrittenPostingFile[]> {
      const dir = prepareDir(request.outDir);
      const written: WrittenPostingFile[] = [];
      for (const facility of postingFacilities(request.facility)) {
        const format = ctx.routing?.postingFileFormats[facility] ?? DEFAULT_POSTING_FILE_FORMAT;
        const fileName = postingFileName(facility, request.date, format.delimiter === ',' ? '.csv' : '.txt');
        const { items, zone } = postingItemsFor(facility, request.date, requester, fileName);
        let content;
        try {
          content = postingFileContent(items, format, zone, ctx.defaultCurrency ?? 'USD');
        } catch (error) {
          throw new ReportError('mixed_currency', (error as Error).message);
        }
        const path = join(dir, fileName);
        const result = await writeStreamAtomic(path, [Buffer.from(content.text, 'utf8')], ctx.writeHooks);
        postingItems.recordWritten(
          facility,
          request.date,
          {
            file: fileName,
            sha256: result.sha256,
            rows: content.rows,
            totals: content.totals,
            trigger: requester.trigger,
          },
          requester.actor,
          clock.now(),
        );
        logger.info({ file: fileName, rows: content.rows, sha256: result.sha256 }, 'posting file written');
        written.push({
          kind: 'posting_file',
          facility,
          date: request.date,
          file: fileName,
          path,
          rows: content.rows,
          totalsMinor: content.totals,
          totals: decimalTotals(content.totals),
          sha256: result.sha256,
          bytes: result.bytes,
        });
      }
      return written;
    },
  };
}
