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
  readonly siteOverrides?: SiteOverrides;
}

/**
 * Site fields an operator typed when releasing a quarantined input. A value replaces what the input says;
 * null clears it (an account or encounter that was wrong and is unknown); absent leaves it alone.
 */
export interface SiteOverrides {
  readonly facility?: string;
  readonly ehr?: EhrSystem;
  readonly guarantorAccount?: string | null;
  readonly encounterId?: string | null;
}

export function resolveSiteFields(
  mapped: Partial<Record<CanonicalTarget, string>>,
  defaults: SiteDefaults,
): { ok: true; site: SiteFields } | { ok: false; rejection: IntakeRejection } {
  const fields = withOverrides(mapped, defaults.siteOverrides);
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

function withOverrides(
  mapped: Partial<Record<CanonicalTarget, string>>,
  overrides: SiteOverrides | undefined,
): Partial<Record<CanonicalTarget, string>> {
  if (!overrides) return mapped;
  const merged: Record<string, string | null | undefined> = { ...mapped };
  const given = Object.entries(overrides as Record<string, string | null | undefined>);
  for (const [key, value] of given) if (value !== undefined) merged[key] = value;
  // null clears the field (the input's value was wrong and the right one is unknown).
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
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
