/**
 * Card brand names as processors and reports spell them ("Visa", "001", "MasterCard", "American Express")
 * to the brand codes the EHRs take (Oracle's financial-transaction-card-brand: VISA, MASTER, AMEX, DISCOVER).
 */

// Cybersource card type codes, and the names seen in reports, to one code each.
// prettier-ignore
const BRANDS: Readonly<Record<string, string>> = {
  '001': 'VISA', VISA: 'VISA',
  '002': 'MASTER', MASTERCARD: 'MASTER', MASTER: 'MASTER', MC: 'MASTER', EUROCARD: 'MASTER',
  '003': 'AMEX', AMEX: 'AMEX', AMERICANEXPRESS: 'AMEX',
  '004': 'DISCOVER', DISCOVER: 'DISCOVER',
  '005': 'DINERS', DINERS: 'DINERS', DINERSCLUB: 'DINERS',
  '007': 'JCB', JCB: 'JCB',
  '062': 'UNIONPAY', UNIONPAY: 'UNIONPAY', CHINAUNIONPAY: 'UNIONPAY', CUP: 'UNIONPAY',
};

/** The brand code, or null when the text names no card brand we know. */
export function normalizeCardBrand(text: string | null | undefined): string | null {
  if (!text) return null;
  const key = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return BRANDS[key] ?? null;
}
