/**
 * Epic-style error codes carried in an OperationOutcome's `issue.details.coding` (ASSUMPTION: the payment
 * web service is not public; these are the codes Epic uses across its services).
 */
import type { EhrErrorCode } from '../types';

/** The coding system Epic uses for its numeric error codes. */
export const EPIC_ERROR_SYSTEM = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.657369';

export const EPIC_CODES = {
  duplicate: '59141',
  referenceNotFound: '59144',
  businessRule: '59159',
  notAuthorized: '4118',
  dailyLimit: '4135',
} as const;

export const EPIC_CODE_MEANING: Readonly<Record<string, { code: EhrErrorCode; text: string }>> = {
  [EPIC_CODES.duplicate]: { code: 'duplicate', text: 'Duplicate record' },
  [EPIC_CODES.referenceNotFound]: { code: 'not_found', text: 'Reference not found' },
  [EPIC_CODES.businessRule]: { code: 'business_rule', text: 'Business rule failure' },
  [EPIC_CODES.notAuthorized]: { code: 'forbidden', text: 'Not authorized' },
  [EPIC_CODES.dailyLimit]: { code: 'daily_limit', text: 'Daily limit reached, try again tomorrow' },
};
