/**
 * The last gate before the store: a canonical payment event must satisfy this schema. Mappers already
 * check what they can explain better; this catches anything a mapper let through.
 */
import { z } from 'zod';
import { EHR_SYSTEMS, EVENT_KINDS, EVENT_SOURCES, TENDERS } from '../../shared/domain';
import { isKnownCurrency } from '../../shared/money';

const optionalText = (max: number) => z.string().min(1).max(max).nullable().optional();

export const CanonicalEventSchema = z.object({
  source: z.enum(EVENT_SOURCES),
  // Sent to the EHR as the external id: Oracle allows alphanumeric up to 250 characters.
  processorTxnId: z
    .string()
    .min(1)
    .max(250)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  kind: z.enum(EVENT_KINDS),
  tender: z.enum(TENDERS),
  amountMinor: z.number().int().positive().refine(Number.isSafeInteger, 'beyond safe integer range'),
  currency: z.string().refine(isKnownCurrency, 'unknown currency'),
  ehr: z.enum(EHR_SYSTEMS),
  facility: z.string().min(1).max(100),
  guarantorAccount: optionalText(100),
  encounterId: optionalText(100),
  merchantRef: optionalText(250),
  cardBrand: optionalText(20),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable()
    .optional(),
  cardExpiry: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .nullable()
    .optional(),
  checkNumber: optionalText(30),
  processorStatus: optionalText(50),
  reasonCode: optionalText(50),
  transactionAt: z.number().int().nonnegative(),
  effectiveDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
  fundingDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
  serviceFeeMinor: z.number().int().nonnegative().optional(),
  extras: z.record(z.string(), z.unknown()).optional(),
});

/** Issues as "path: message", without the offending values. */
export function summarizeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
    .join('; ');
}
