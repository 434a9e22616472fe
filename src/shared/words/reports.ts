/** What the Reconciliation screen says about the files it writes. */

export const REPORT_FILE_NAME: Readonly<Record<string, string>> = {
  recon: 'The daily reconciliation file',
  detail: 'The payments detail report',
  epic_voids: 'The Epic void/refund file',
  posting_file: 'The posting file',
};

/**
 * A file asked for before its day ended, in one whole sentence with what to do. `detail` is the service's
 * own message ("… not over yet in RIVERSIDE (America/Chicago); …"); the facility and zone are taken from it.
 */
export function dayNotOver(kind: string, date: string, detail: string): string {
  const file = REPORT_FILE_NAME[kind] ?? 'The file';
  const where = /not over yet in (.+?) \(([^)]+)\)/.exec(detail);
  const place = where ? `in ${where[1] ?? ''} (${where[2] ?? ''})` : 'in every facility';
  return `${file} for ${date} cannot be written yet: that day is not over ${place}. Write it from midnight there, or choose an earlier day.`;
}
