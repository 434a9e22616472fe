/**
 * The daily posting file of a file-only facility (Soarian and Revelate sites post by file
 * only). ASSUMPTION: neither vendor publishes its payment-import layout, so the layout is a per-site setting:
 * the delimiter, whether a header line comes first, which fields in which order, and the trailer (count and
 * signed total, like the Epic void file) that lets the import check it received the whole file.
 */
import { z } from 'zod';

export const POSTING_FILE_FIELDS = [
  'transaction_id',
  'amount',
  'currency',
  'kind',
  'tender',
  'guarantor_account',
  'encounter',
  'merchant_reference',
  'business_date',
] as const;
export type PostingFileField = (typeof POSTING_FILE_FIELDS)[number];

export const postingFileFormatSchema = z
  .object({
    delimiter: z.enum(['|', ',', '\t']).default('|'),
    header: z.boolean().default(false),
    fields: z
      .array(z.enum(POSTING_FILE_FIELDS))
      .min(1)
      .refine((fields) => new Set(fields).size === fields.length, 'A field is listed twice')
      .default([
        'transaction_id',
        'amount',
        'kind',
        'tender',
        'guarantor_account',
        'encounter',
        'business_date',
      ]),
    /** `TRAILER<delimiter>count<delimiter>total` as the last line. */
    trailer: z.boolean().default(true),
    lineEnd: z.enum(['lf', 'crlf']).default('lf'),
  })
  .strict();
export type PostingFileFormat = z.output<typeof postingFileFormatSchema>;

export const DEFAULT_POSTING_FILE_FORMAT: PostingFileFormat = postingFileFormatSchema.parse({});
