/** The files the Reconciliation screen writes, by the names an operator knows them by. */
export type ReportKind = 'recon' | 'detail' | 'epic_voids' | 'posting_file';

export const REPORT_KIND_LABEL: Readonly<Record<ReportKind, string>> = {
  recon: 'Daily reconciliation file',
  detail: 'Payments detail report',
  epic_voids: 'Epic void/refund file',
  posting_file: 'Posting file (file-only facilities)',
};

/** Files written as they are, without a preview or a format choice. */
export const isFixedKind = (kind: ReportKind): boolean => kind === 'epic_voids' || kind === 'posting_file';

export const DATE_BASIS_LABEL = {
  transaction: 'Transaction date',
  effective: 'Effective date',
  funding: 'Funding date',
} as const;

/** Yesterday in this workstation's time zone: the day a reconciliation usually looks at. */
export function yesterday(now = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() - 1);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
