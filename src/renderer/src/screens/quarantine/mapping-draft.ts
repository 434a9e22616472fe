/**
 * A generic source's column mapping as the mapping editor holds it: one header choice per target field,
 * value lists as comma-separated text. The editor checks it with main's own rules (mapping-rules.ts) before
 * importing, and main names any field it still refuses by its path (`mapping.columns.amount`).
 */
import {
  MAPPING_COLUMNS,
  MAPPING_KINDS,
  type GenericMappingDoc,
  type ImportDelimiter,
  type MappingColumn,
  type MappingKind,
} from '../../../../shared/commands/imports';
import { TENDERS, type Tender } from '../../../../shared/domain';

export interface MappingDraft {
  source: string;
  columns: Record<MappingColumn, string>;
  kindValues: Record<MappingKind, string>;
  declinedStatuses: string;
  defaultCurrency: string;
  defaultTender: Tender | '';
  refundsNegative: boolean;
  delimiter: ImportDelimiter;
  /** Kept as saved; not edited here. */
  rest: Pick<GenericMappingDoc, 'customFields' | 'sheet'>;
}

export const COLUMN_LABEL: Record<MappingColumn, string> = {
  transactionId: 'Transaction id',
  amount: 'Amount',
  transactionDate: 'Transaction date',
  currency: 'Currency',
  kind: 'Kind (payment, refund…)',
  status: 'Status',
  reasonCode: 'Reason code',
  merchantRef: 'Merchant reference',
  guarantorAccount: 'Guarantor account',
  encounterId: 'Encounter',
  facility: 'Facility',
  ehr: 'EHR',
  paymentMethod: 'Payment method',
  cardBrand: 'Card brand',
  cardLast4: 'Card last four',
};

export const KIND_LABEL: Record<MappingKind, string> = {
  payment: 'Payment',
  refund: 'Refund',
  void: 'Void',
  declined: 'Declined',
};

export const TENDER_LABEL: Record<Tender, string> = {
  card: 'Card',
  echeck: 'eCheck',
  manual_check: 'Paper check',
  cash: 'Cash',
  paypal: 'PayPal',
};
export { TENDERS };

/**
 * Fields a file may leave out yet a posting needs: rows without them are stored, then wait for an operator
 * (the import's notices count them). Said beside each field so the mapping is chosen knowing it.
 */
export const POSTING_NEEDS: Readonly<Partial<Record<MappingColumn, string>>> = {
  guarantorAccount: 'needed to post: the EHR finds the payment’s account by it',
  facility: 'needed to post, unless you give one facility for the whole file when importing',
  ehr: 'needed to post, unless you choose the EHR when importing',
  cardLast4: 'needed to post a card payment (Oracle Health also needs the card’s expiry)',
};

const emptyColumns = () =>
  Object.fromEntries(MAPPING_COLUMNS.map((c) => [c, ''])) as Record<MappingColumn, string>;

const key = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

/** Header spellings worth a first guess; the operator confirms every choice before importing. */
const GUESSES: Partial<Record<MappingColumn, readonly string[]>> = {
  transactionId: ['transactionid', 'txnid', 'txnref', 'requestid', 'id', 'reference'],
  amount: ['amount', 'paid', 'total'],
  transactionDate: ['transactiondate', 'date', 'paidon', 'datetime'],
  currency: ['currency', 'curr', 'ccy'],
  kind: ['kind', 'type', 'transactiontype'],
  status: ['status', 'decision', 'result'],
  guarantorAccount: ['guarantoraccount', 'account', 'acct'],
  encounterId: ['encounter', 'encounterid'],
  facility: ['facility', 'site'],
  ehr: ['ehr', 'system'],
  paymentMethod: ['paymentmethod', 'tender', 'method'],
  cardBrand: ['cardbrand', 'brand', 'cardtype'],
  cardLast4: ['cardlast4', 'last4', 'lastfour'],
};

export function newDraft(headers: readonly string[], delimiter: ImportDelimiter): MappingDraft {
  const columns = emptyColumns();
  const used = new Set<string>();
  for (const column of MAPPING_COLUMNS) {
    const hit = headers.find((h) => !used.has(h) && (GUESSES[column] ?? []).includes(key(h)));
    if (hit !== undefined) {
      columns[column] = hit;
      used.add(hit);
    }
  }
  return {
    source: '',
    columns,
    kindValues: { payment: '', refund: '', void: '', declined: '' },
    declinedStatuses: '',
    defaultCurrency: columns.currency ? '' : 'USD',
    defaultTender: '',
    refundsNegative: false,
    delimiter,
    rest: {},
  };
}

export function draftFromMapping(source: string, mapping: GenericMappingDoc): MappingDraft {
  const columns = emptyColumns();
  for (const column of MAPPING_COLUMNS) columns[column] = mapping.columns[column] ?? '';
  const list = (values: readonly string[] | undefined) => (values ?? []).join(', ');
  return {
    source,
    columns,
    kindValues: Object.fromEntries(MAPPING_KINDS.map((k) => [k, list(mapping.kindValues?.[k])])) as Record<
      MappingKind,
      string
    >,
    declinedStatuses: list(mapping.declinedStatuses),
    defaultCurrency: mapping.defaultCurrency ?? '',
    defaultTender: mapping.defaultTender ?? '',
    refundsNegative: mapping.refundsNegative ?? false,
    delimiter: mapping.delimiter ?? ',',
    rest: {
      ...(mapping.customFields ? { customFields: mapping.customFields } : {}),
      ...(mapping.sheet !== undefined ? { sheet: mapping.sheet } : {}),
    },
  };
}

const values = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export function mappingFromDraft(draft: MappingDraft): GenericMappingDoc {
  const columns: Partial<Record<MappingColumn, string>> = {};
  for (const column of MAPPING_COLUMNS) if (draft.columns[column]) columns[column] = draft.columns[column];
  const currency = draft.defaultCurrency.trim().toUpperCase();
  return {
    columns,
    kindValues: Object.fromEntries(MAPPING_KINDS.map((k) => [k, values(draft.kindValues[k])])) as Record<
      MappingKind,
      string[]
    >,
    declinedStatuses: values(draft.declinedStatuses),
    ...(currency && !draft.columns.currency ? { defaultCurrency: currency } : {}),
    ...(draft.defaultTender && !draft.columns.paymentMethod ? { defaultTender: draft.defaultTender } : {}),
    refundsNegative: draft.refundsNegative,
    delimiter: draft.delimiter,
    ...draft.rest,
  };
}
