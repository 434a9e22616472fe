import { writeBalanceFiles } from '../../reconciliation/balance-export';
import { balanceDay } from '../../reconciliation/balancing';
import type { EhrSideEntry } from '../../reconciliation/ehr-side';
import { ReportError } from '../../reconciliation/report-requests';
import type { ReportsContext } from '../../reconciliation/reports-context';
import { dayNotOver } from '../../../shared/words';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/** Handlers of the reconciliation commands (see src/shared/commands/reconciliation.ts). */
export function reconciliationHandlers(ctx: HandlerContext): {
  'reports.preview': Handler<'reports.preview'>;
  'reports.export': Handler<'reports.export'>;
  'reports.history': Handler<'reports.history'>;
  'reports.epicPreview': Handler<'reports.epicPreview'>;
  'reports.balance': Handler<'reports.balance'>;
  'reports.exportBalance': Handler<'reports.exportBalance'>;
} {
  const reports = (): ReportsContext => {
    if (!ctx.reports) throw new ApiFailure('unavailable', 'Reports are not set up in this Clearpost');
    return ctx.reports;
  };

  const ehrSideOrFail = (): EhrSideEntry[] => {
    const side = reports().ehrSide();
    if (!side) {
      throw new ApiFailure('unavailable', 'No EHR side to balance against: import an EHR posting file first');
    }
    return side;
  };

  return {
    // Read page by page: a million-row day is previewed without holding it or stopping the event loop.
    'reports.preview': ({ kind, date, basis, facility, filter, limit }) =>
      reports().service.previewFirst({ kind, date, basis, facility, filter }, limit),

    'reports.export': async ({ kind, date, basis, facility, format, filter }, caller) => {
      const { service, outDir } = reports();
      const requester = { trigger: 'console', actor: caller.actor } as const;
      try {
        if (kind === 'posting_file') {
          const files = await service.exportPostingFiles({ date, facility, outDir }, requester);
          ctx.bus.changed('postings', 'audit_events');
          return files.map((f) => ({
            ...f,
            basis: 'transaction' as const,
            format: f.file.endsWith('.csv') ? ('csv' as const) : ('pipe' as const),
          }));
        }
        const files =
          kind === 'epic_voids'
            ? await service.exportEpicVoids({ date, facility, outDir }, requester)
            : await service.exportTabular({ kind, date, basis, facility, format, filter, outDir }, requester);
        // The Epic file marks its items sent; every export adds to the history.
        if (kind === 'epic_voids') ctx.bus.changed('postings', 'audit_events');
        return files;
      } catch (error) {
        if (error instanceof ReportError) {
          // A whole sentence with the way out, not the service's fragment ("… from midnight on").
          const text = error.code === 'day_not_over' ? dayNotOver(kind, date, error.message) : error.message;
          throw new ApiFailure('conflict', text);
        }
        throw error;
      }
    },

    'reports.history': ({ kind, limit }) => reports().service.listHistory(kind, limit),

    'reports.epicPreview': ({ date, facility }) => reports().service.epicPreview(date, facility),

    'reports.balance': ({ date, basis, facility }) =>
      balanceDay(ctx.db, reports().service.zones, { date, basis, facility }, ehrSideOrFail()),

    'reports.exportBalance': async ({ date, basis, facility, format }) => {
      const { service, outDir } = reports();
      const balance = balanceDay(ctx.db, service.zones, { date, basis, facility }, ehrSideOrFail());
      const files = await writeBalanceFiles(balance, format, outDir);
      return files.map(({ file, path, format: written, rows, sha256, bytes }) => ({
        file,
        path,
        format: written,
        rows,
        sha256,
        bytes,
      }));
    },
  };
}
