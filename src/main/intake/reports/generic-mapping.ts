/**
 * Other processors' payment-detail reports (CSV or XLSX), described by a column mapping that is data: saved
 * per source, edited in the console, validated here. Columns are named by their header text.
 */
import type { GenericMapping } from '../../../shared/generic-mapping';
import { reject } from '../quarantine-reasons';
import { cell, type ColumnSpec } from './header';
import type { ReportFormat } from './report-format';
import { buildRowEvent, type RowFacts } from './row-event';

export { GenericMapping, type GenericMappingInput } from '../../../shared/generic-mapping';

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
