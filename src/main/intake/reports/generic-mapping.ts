/**
 * Other processors' payment-detail reports (CSV or XLSX), described by a column mapping that is data: saved
 * per source, edited in the console, validated here. Columns are named by their header text.
 */
import { z } from 'zod';
import { TENDERS } from '../../../shared/domain';
import { CustomFieldRules } from '../canonical/custom-fields';
import { reject } from '../quarantine-reasons';
import { cell, type ColumnSpec } from './header';
import type { ReportFormat } from './report-format';
import { buildRowEvent, type RowFacts } from './row-event';

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

const has = (list: readonly string[], value: string | undefined) =>
  value !== undefined && list.some((v) => v.toLowerCase() === value.toLowerCase());

export function genericFormat(source: string, mapping: GenericMapping): ReportFormat {
  const c = mapping.columns;
  const columns: ColumnSpec[] = Object.entries<string | undefined>(c)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, name]) => ({
      key,
      names: [name],
      required:
        key === 'transactionId' || key === 'amount' || key === 'transactionDate' || key === 'currency',
    }));
  return {
    source,
    columns,
    mapRow(row, index, ctx) {
      const kindText = cell(row, index, 'kind');
      const status = cell(row, index, 'status');
      let money: RowFacts['money'] = 'by_sign';
      let declined = has(mapping.declinedStatuses, status);
      if (c.kind !== undefined) {
        const k = mapping.kindValues;
        if (has(k.declined, kindText)) declined = true;
        else if (has(k.payment, kindText)) money = 'payment';
        else if (has(k.refund, kindText)) money = 'refund';
        else if (has(k.void, kindText)) money = 'void';
        else return { ok: false, rejection: reject('unknown_transaction_type') };
      }
      return buildRowEvent(
        {
          txnId: cell(row, index, 'transactionId'),
          money,
          refundsNegative: mapping.refundsNegative,
          amount: cell(row, index, 'amount'),
          currency: cell(row, index, 'currency') ?? mapping.defaultCurrency,
          date: cell(row, index, 'transactionDate'),
          merchantRef: cell(row, index, 'merchantRef'),
          paymentMethod: cell(row, index, 'paymentMethod'),
          tender: c.paymentMethod === undefined ? mapping.defaultTender : undefined,
          cardBrand: cell(row, index, 'cardBrand'),
          cardLast4: cell(row, index, 'cardLast4'),
          processorStatus: status?.toUpperCase() ?? null,
          reasonCode: cell(row, index, 'reasonCode') ?? null,
          declined,
          site: {
            guarantorAccount: cell(row, index, 'guarantorAccount'),
            encounterId: cell(row, index, 'encounterId'),
            facility: cell(row, index, 'facility'),
            ehr: cell(row, index, 'ehr'),
          },
          extras: { report: source },
          row,
        },
        {
          ...ctx,
          config: { ...ctx.config, fieldRules: [...ctx.config.fieldRules, ...mapping.customFields] },
        },
      );
    },
  };
}
