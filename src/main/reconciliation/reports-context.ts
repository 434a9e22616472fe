import type { EhrSideEntry } from './ehr-side';
import type { ReportService } from './report-service';

/** What the console's report commands need from the composition root. */
export interface ReportsContext {
  readonly service: ReportService;
  /** Where files generated from the console go. */
  readonly outDir: string;
  /** The EHR side for balancing (the sandbox ledgers), or null when there is none to read. */
  readonly ehrSide: () => EhrSideEntry[] | null;
}
