/** The Cybersource reporting account as the Settings form edits it, and back into the settings document. */
import { CYBERSOURCE_HOSTS } from '../../../../shared/commands/reporting';
import type { EhrSystem } from '../../../../shared/domain';

/** The vault entry of the shared secret when the settings do not name one yet. */
export const DEFAULT_SECRET_REF = 'cybersource.reporting.shared-secret';

export type HostChoice = keyof typeof CYBERSOURCE_HOSTS | 'other';

export interface OrganizationDoc {
  readonly organizationId: string;
  readonly facility: string;
  readonly ehr: EhrSystem;
}

export interface ReportingDoc {
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly keyId: string;
  readonly sharedSecretRef: string;
  readonly reportName?: string;
  readonly webhookId?: string | null;
  readonly timeZone?: string;
  readonly organizations: readonly OrganizationDoc[];
  readonly at?: string;
  readonly enabled?: boolean;
  readonly [other: string]: unknown;
}

export interface OrganizationDraft {
  readonly organizationId: string;
  readonly facility: string;
  readonly ehr: EhrSystem;
}

export interface ReportingDraft {
  /** A reporting account is saved (the section is not null). */
  readonly configured: boolean;
  readonly host: HostChoice;
  /** The address when it is neither published host (a proxy, the sandbox's simulator). */
  readonly otherUrl: string;
  readonly merchantId: string;
  readonly keyId: string;
  readonly reportName: string;
  readonly webhookId: string;
  readonly at: string;
  /** The morning run is on. */
  readonly scheduled: boolean;
  readonly organizations: readonly OrganizationDraft[];
}

function hostOf(baseUrl: string | undefined): HostChoice {
  if (baseUrl === undefined) return 'test';
  const origin = baseUrl.replace(/\/+$/, '');
  if (origin === CYBERSOURCE_HOSTS.production) return 'production';
  if (origin === CYBERSOURCE_HOSTS.test) return 'test';
  return 'other';
}

export const emptyOrganization = (): OrganizationDraft => ({ organizationId: '', facility: '', ehr: 'epic' });

export const toReportingDraft = (r: ReportingDoc | null): ReportingDraft => ({
  configured: r !== null,
  host: hostOf(r?.baseUrl),
  otherUrl: r && hostOf(r.baseUrl) === 'other' ? r.baseUrl : '',
  merchantId: r?.merchantId ?? '',
  keyId: r?.keyId ?? '',
  reportName: r?.reportName ?? 'PaymentBatchDetailReport',
  webhookId: r?.webhookId ?? '',
  at: r?.at ?? '07:00',
  scheduled: r?.enabled ?? true,
  organizations: r ? r.organizations.map((o) => ({ ...o })) : [emptyOrganization()],
});

export const baseUrlOf = (d: ReportingDraft): string =>
  d.host === 'other' ? d.otherUrl.trim() : CYBERSOURCE_HOSTS[d.host];

/**
 * The section to save (fields the form does not show, such as the report's time zone, kept as saved), and
 * the problems found before asking main: an organization row left without its id or facility.
 */
export function fromReportingDraft(
  original: ReportingDoc | null,
  d: ReportingDraft,
): { doc: ReportingDoc; local: Record<string, string> } {
  const local: Record<string, string> = {};
  d.organizations.forEach((o, i) => {
    if (o.organizationId.trim() === '' || o.facility.trim() === '')
      local[`cybersourceReporting.organizations.${String(i)}`] =
        'Each organization needs its id and facility';
  });
  const webhookId = d.webhookId.trim();
  return {
    doc: {
      ...(original ?? {}),
      baseUrl: baseUrlOf(d),
      merchantId: d.merchantId.trim(),
      keyId: d.keyId.trim(),
      sharedSecretRef: original?.sharedSecretRef ?? DEFAULT_SECRET_REF,
      reportName: d.reportName.trim(),
      webhookId: webhookId === '' ? null : webhookId,
      organizations: d.organizations.map((o) => ({
        organizationId: o.organizationId.trim(),
        facility: o.facility.trim(),
        ehr: o.ehr,
      })),
      at: d.at.trim(),
      enabled: d.scheduled,
    },
    local,
  };
}
