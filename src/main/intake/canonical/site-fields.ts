/**
 * The hospital's own fields (facility, EHR, guarantor account, encounter, claim, payment plan) resolved from
 * the mapped custom fields and the site's defaults. Facility and EHR are required to route a payment;
 * guarantor and encounter may be missing (the engine then raises unidentified cash for an operator).
 */
import { EHR_SYSTEMS, type EhrSystem } from '../../../shared/domain';
import { reject, type IntakeRejection } from '../quarantine-reasons';
import type { CanonicalTarget } from './custom-fields';

export interface SiteFields {
  readonly facility: string;
  readonly ehr: EhrSystem;
  readonly guarantorAccount: string | null;
  readonly encounterId: string | null;
  readonly claimId: string | null;
  readonly paymentPlanId: string | null;
}

export interface SiteDefaults {
  readonly defaultFacility: string | null;
  readonly defaultEhr: EhrSystem | null;
}

export function resolveSiteFields(
  fields: Partial<Record<CanonicalTarget, string>>,
  defaults: SiteDefaults,
): { ok: true; site: SiteFields } | { ok: false; rejection: IntakeRejection } {
  const facility = fields.facility ?? defaults.defaultFacility;
  if (!facility) return { ok: false, rejection: reject('missing_facility') };
  let ehr: EhrSystem | null = defaults.defaultEhr;
  if (fields.ehr !== undefined) {
    const named = normalizeEhrName(fields.ehr);
    if (named === null) return { ok: false, rejection: reject('unknown_ehr') };
    ehr = named;
  }
  if (ehr === null)
    return {
      ok: false,
      rejection: reject('unknown_ehr', 'No EHR was named and no default EHR is configured.'),
    };
  return {
    ok: true,
    site: {
      facility,
      ehr,
      guarantorAccount: fields.guarantorAccount ?? null,
      encounterId: fields.encounterId ?? null,
      claimId: fields.claimId ?? null,
      paymentPlanId: fields.paymentPlanId ?? null,
    },
  };
}

// How sites write the EHR's name in merchant-defined data and report columns.
const EHR_NAMES: Readonly<Record<string, EhrSystem>> = {
  epic: 'epic',
  oraclehealth: 'oracle_health',
  oracle: 'oracle_health',
  cerner: 'oracle_health',
  millennium: 'oracle_health',
};

export function normalizeEhrName(name: string): EhrSystem | null {
  if ((EHR_SYSTEMS as readonly string[]).includes(name)) return name as EhrSystem;
  return EHR_NAMES[name.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}
