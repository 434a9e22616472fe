/** Phone numbers to E.164, the form EHRs and processors agree on. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** "(617) 555-0143" → "+16175550143"; null when it is not a valid number for the region. */
export function toE164(text: string, defaultCountry: CountryCode = 'US'): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const phone = parsePhoneNumberFromString(trimmed, defaultCountry);
  return phone?.isValid() ? phone.number : null;
}
