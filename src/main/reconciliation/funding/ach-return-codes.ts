/**
 * ACH return reason codes in plain words, for the operator who sees an eCheck return. The codes are the
 * Nacha Operating Rules' return reason codes (Appendix Four, "Return Entries"); Cybersource passes the
 * receiving bank's code through for eCheck debits it could not collect ("Banking Codes in the Payment Events
 * Report", Cybersource Reporting User's Guide, appendix G:
 * https://developer.cybersource.com/library/documentation/dev_guides/Reporting_Users_Guide/html/app_banking_codes_-_appendix_g.htm).
 */
const REASONS: Readonly<Record<string, string>> = {
  R01: 'Insufficient funds: the account did not hold enough to cover the payment.',
  R02: 'Account closed: the patient closed the account after paying from it.',
  R03: 'No account: the bank could not find this account (wrong number or name).',
  R04: 'Invalid account number: the account number is not valid at that bank.',
  R05: 'Unauthorized debit to a consumer account with a corporate entry class.',
  R06: 'Returned at the request of the originating bank.',
  R07: 'The patient revoked the authorization for this debit.',
  R08: 'The patient stopped payment on this debit.',
  R09: 'Uncollected funds: the balance was there but not yet available.',
  R10: 'The patient told the bank this debit was not authorized.',
  R11: 'The patient told the bank the debit does not match what was authorized.',
  R12: 'The account moved to another bank (branch sold).',
  R13: 'Invalid routing number: the bank is not an ACH participant.',
  R14: 'The representative payee has died or can no longer act.',
  R15: 'The account holder has died.',
  R16: 'The account is frozen.',
  R17: 'The bank could not process the entry as sent (file record edit criteria).',
  R20: 'The account does not allow this kind of debit (non-transaction account).',
  R23: 'The receiver refused the entry.',
  R24: 'Duplicate entry: the bank already received this debit.',
  R29: 'The business account holder did not authorize this debit.',
  R31: 'Permissible return entry (agreed late return).',
  R33: 'Return of an XCK (check safekeeping) entry.',
  R51: 'The converted check was ineligible or not authorized.',
  R52: 'Stop payment on the source check.',
  R53: 'The check and its electronic entry were both presented for payment.',
};

/** The code in plain words; an unlisted code is still named, never shown bare. */
export function achReturnReason(code: string): string {
  return REASONS[code] ?? `The bank returned the eCheck (ACH return code ${code}).`;
}

/** An ACH return code (R01…R85) found in a text, such as the processor's message on the event. */
export function findReturnCode(text: string): string | null {
  return /\bR[0-9]{2}\b/.exec(text.toUpperCase())?.[0] ?? null;
}
