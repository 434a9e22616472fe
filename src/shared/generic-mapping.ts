/**
 * The rules of a generic source's column mapping, shared by main (which validates a mapping before saving or
 * using it) and the console's mapping editor (which shows them under each field before importing). Pure zod.
 * Columns are named by their header text.
 */
import { z } from 'zod';
import { TENDERS } from './domain';

/** Transforms a custom-field rule applies to a source value, in order (applied by main's intake). */
export const TRANSFORMS = [
  'trim',
  'upper',
  'lower',
  'digits',
  'e164',
  'zip',
  'state',
  'address_line',
  'boolean',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** A site's custom-field rule: a source field, transforms, and the target field it writes. */
export const CustomFieldRule = z.object({
  /** Source field name, matched ignoring case, spaces, dashes and underscores. */
  source: z.string().min(1).max(100),
  target: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a target is a plain identifier'),
  /** Applied in order after the value is read as text. */
  transforms: z.array(z.enum(TRANSFORMS)).max(5).default([]),
  /** Optional lookup applied last ("CERNER" → "oracle_health"); keys matched ignoring case. */
  map: z.record(z.string(), z.string()).optional(),
});
export type CustomFieldRule = z.output<typeof CustomFieldRule>;
export const CustomFieldRules = z.array(CustomFieldRule).max(200);

const header = z.string().trim().min(1).max(200);
const values = z.array(z.string().trim().min(1)).max(50).default([]);

export const GenericMapping = z
  .object({
    columns: z.object({
      transactionId: header,
      amount: header,
      transactionDate: header,
      currency: header.optional(),
      kind: header.optional(),
      status: header.optional(),
      reasonCode: header.optional(),
      merchantRef: header.optional(),
      guarantorAccount: header.optional(),
      encounterId: header.optional(),
      facility: header.optional(),
      ehr: header.optional(),
      paymentMethod: header.optional(),
      cardBrand: header.optional(),
      cardLast4: header.optional(),
    }),
    /** Values of the kind column (matched ignoring case). Without a kind column the amount's sign decides. */
    kindValues: z
      .object({ payment: values, refund: values, void: values, declined: values })
      .default({ payment: [], refund: [], void: [], declined: [] }),
    /** Values of the status column that mean the processor declined it (recorded, never posted). */
    declinedStatuses: values,
    /** For files without a currency column: every amount is in this currency. */
    defaultCurrency: z.string().trim().length(3).optional(),
    defaultTender: z.enum(TENDERS).optional(),
    /** The report writes refunds as negative amounts (a positive refund is then refused). */
    refundsNegative: z.boolean().default(false),
    customFields: CustomFieldRules.default([]),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    /** XLSX only: 1-based worksheet position. */
    sheet: z.number().int().positive().default(1),
  })
  .refine((m) => m.columns.currency !== undefined || m.defaultCurrency !== undefined, {
    message: 'a currency column or a default currency is required',
    path: ['columns', 'currency'],
  });
export type GenericMapping = z.output<typeof GenericMapping>;
export type GenericMappingInput = z.input<typeof GenericMapping>;
