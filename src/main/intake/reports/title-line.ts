/**
 * The day a report file covers, read from its title line. Cybersource CSV reports open with a first header
 * record naming the report, its version and its dates ("Payment Batch Detail Report,1.0,2003-05-01 to
 * 2003-05-01,,," in the Reporting Developer Guide's samples; older reports write "2/28/2004").
 */
import type { IsoDate } from '../../../shared/domain';
import { parseProcessorDate } from '../canonical/dates';
import type { ReportRecord } from './records';

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/g;
const US_DAY = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/g;

/** The one day the title lines name; null when they name none, or a range of several days. */
export function reportDateOf(titles: readonly ReportRecord[]): IsoDate | null {
  const days = new Set<string>();
  for (const record of titles) {
    const text = 'fields' in record ? record.fields.join(',') : record.raw;
    for (const match of [...text.matchAll(ISO_DAY), ...text.matchAll(US_DAY)]) {
      const parsed = parseProcessorDate(match[0]);
      if (parsed) days.add(parsed.date);
    }
  }
  const [only] = days;
  return days.size === 1 && only !== undefined ? only : null;
}
