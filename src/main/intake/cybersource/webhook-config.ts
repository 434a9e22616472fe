/**
 * What a site configures for Cybersource intake: its subscriptions and keys, the merchant-defined data keys
 * that carry the hospital's fields, and defaults for payments that do not say their facility or EHR.
 */
import type { EhrSystem } from '../../../shared/domain';
import type { CustomFieldRule } from '../canonical/custom-fields';
import { NO_GUARANTOR_RULES, type GuarantorRules } from '../canonical/guarantor-rules';
import type { SiteOverrides } from '../canonical/site-fields';
import type { WebhookSubscription } from './signature';

export interface CybersourceIntakeConfig {
  /** Merchant-defined data key → canonical field rules (and any site custom fields). */
  readonly fieldRules: readonly CustomFieldRule[];
  /** Used when the payment names no facility; null makes such payments quarantine. */
  readonly defaultFacility: string | null;
  /** Used when the payment names no EHR; null makes such payments quarantine. */
  readonly defaultEhr: EhrSystem | null;
  /** Merged-account map and account + date-of-birth rules (patient / guarantor mismatch); none if absent. */
  readonly guarantorRules?: GuarantorRules;
  /** Inputs above this amount (minor units) are quarantined; the default is ingest.ts's. */
  readonly amountCeilingMinor?: number;
  /** An operator's corrections when releasing a quarantined input: they win over what the input says. */
  readonly siteOverrides?: SiteOverrides;
}

export interface CybersourceWebhookConfig extends CybersourceIntakeConfig {
  readonly subscriptions: readonly WebhookSubscription[];
  /** Signatures older or newer than this are refused (default 5 minutes). */
  readonly toleranceMs?: number;
  /** Larger bodies are refused before parsing (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

/**
 * ASSUMPTION: sites put the hospital's fields in merchant-defined data under descriptive keys
 * or the numbered slots 1–5. Sites change these rules in settings.
 */
export const DEFAULT_FIELD_RULES: readonly CustomFieldRule[] = [
  { source: '1', target: 'guarantorAccount', transforms: ['trim'] },
  { source: 'guarantorAccount', target: 'guarantorAccount', transforms: ['trim'] },
  { source: '2', target: 'encounterId', transforms: ['trim'] },
  { source: 'encounterId', target: 'encounterId', transforms: ['trim'] },
  { source: '3', target: 'facility', transforms: ['trim'] },
  { source: 'facility', target: 'facility', transforms: ['trim'] },
  { source: '4', target: 'ehr', transforms: ['trim'] },
  { source: 'ehr', target: 'ehr', transforms: ['trim'] },
  { source: '5', target: 'paymentPlanId', transforms: ['trim'] },
  { source: 'paymentPlanId', target: 'paymentPlanId', transforms: ['trim'] },
  { source: 'claimId', target: 'claimId', transforms: ['trim'] },
];

export const DEFAULT_INTAKE_CONFIG: CybersourceIntakeConfig = {
  fieldRules: DEFAULT_FIELD_RULES,
  defaultFacility: null,
  defaultEhr: null,
  guarantorRules: NO_GUARANTOR_RULES,
};
