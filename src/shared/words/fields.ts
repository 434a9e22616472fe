/**
 * Field names as an operator reads them. Validation errors, quarantine reasons and mapping screens name
 * fields by these words, never by a JSON path (`$.merchant_ref_number`) or an argument key (`processorTxnId`).
 */

/** Keys in any spelling (camelCase, snake_case), lower-cased without separators → the words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  processortxnid: 'Processor transaction id',
  transactionid: 'Processor transaction id',
  requestid: 'Processor transaction id',
  id: 'Id',
  merchantrefnumber: 'Merchant reference number',
  merchantref: 'Merchant reference number',
  amountminor: 'Amount',
  amount: 'Amount',
  currency: 'Currency',
  kind: 'Payment kind',
  tender: 'Tender',
  ehr: 'EHR',
  facility: 'Facility',
  guarantoraccount: 'Guarantor account',
  account: 'Guarantor account',
  encounterid: 'Encounter',
  encounter: 'Encounter',
  cardbrand: 'Card brand',
  cardlast4: 'Card last four digits',
  cardexpiry: 'Card expiry',
  checknumber: 'Check number',
  checkdate: 'Check date',
  transactionat: 'Transaction time',
  effectivedate: 'Payment date',
  paymentdate: 'Payment date',
  ehrreference: 'EHR posting reference',
  note: 'Note',
  body: 'Note',
  assignee: 'Assignee',
  reason: 'Reason',
  corrections: 'Corrections',
  source: 'Source',
  filename: 'File name',
  name: 'Name',
  baseurl: 'Base address',
  tokenurl: 'Token address',
  clientid: 'Client id',
  clientsecret: 'Client secret',
  timezone: 'Time zone',
  email: 'Email address',
  password: 'Password',
  limit: 'Limit',
  date: 'Date',
};

const PATH_SEGMENT = /^\d+$|^\[\d+\]$/;

/** One key in words: the table first, otherwise split camelCase and snake_case into a sentence-cased phrase. */
export function keyInWords(key: string): string {
  const known = FIELD_WORDS[key.toLowerCase().replace(/[^a-z0-9]/g, '')];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

/**
 * A path (`$.merchant_ref_number`, `corrections.facility`, `fieldRules.2.transforms`) as the name of its last
 * meaningful key; an empty path or `(arguments)` is the whole request.
 */
export function fieldName(path: string): string {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/[.[\]]+/)
    .filter((p) => p !== '' && !PATH_SEGMENT.test(p));
  const last = parts.at(-1);
  if (!last || last === '(arguments)') return 'The request';
  return keyInWords(last);
}

/** "Processor transaction id: Required" from a validation issue, for every form and error banner. */
export function issueInWords(issue: { readonly path: string; readonly message: string }): string {
  return `${fieldName(issue.path)}: ${issue.message}`;
}
