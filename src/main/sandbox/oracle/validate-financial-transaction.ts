/**
 * Checks a FinancialTransaction the way Millennium does: malformed or incomplete → 400, well-formed but
 * refused by the site's rules → 422 (`business-rule` / `not-supported`). Reads amounts from the JSON source
 * text, so money stays exact.
 *
 * The field rules follow the body-field table of "FinancialTransaction | R4 API"
 * (https://fhir.cerner.com/millennium/r4/financial/general/financial-transaction/, republished as "Create a
 * financial transaction", https://docs.oracle.com/en/industries/health/millennium-platform-apis/mfrap/op-basic-post.html).
 * Where that table says a field is wrong but not which status Millennium answers, the simulator keeps its
 * convention: 400 `required` for a missing field, 400 `invalid` for a malformed value.
 */
import type { EventKind } from '../../../shared/domain';
import { MoneyError, parseMinor } from '../../../shared/money';
import {
  CARD_BRANDS,
  CERNER_EXTENSION_BASE,
  ORACLE_IDENTIFIER,
  PAYMENT_METHOD_SYSTEM,
  PAYMENT_TYPE_SYSTEM,
} from '../../connectors/ehr/oracle/financial-transaction';
import { DecimalText, parseJsonKeepingDecimals } from '../decimal-json';
import type { ValidPosting } from '../admit-posting';
import { bad, Invalid, readBody, required, rule, validated, type Validation } from '../validation';
import { isFhirJsonBody } from './media-types';

export interface ValidTransaction extends ValidPosting {
  readonly type: 'payment' | 'adjustment';
  /** HL7 v2-0570 method, or NONE for an adjustment without one. */
  readonly method: string;
}

export interface ValidationRules {
  readonly currency: string;
  /** Site-defined aliases and the event kind each one posts. */
  readonly aliases: Readonly<Record<string, EventKind>>;
}

const METHODS = new Set(['CASH', 'CCCA', 'CHCK', 'CCHK', 'TRAC']);
/**
 * Methods paid by a check: Check, Cashier's Check and Traveler's Check. The published table makes the account
 * number (the check number) "Required on payment transactions when method is … Check, Cashier's Check,
 * Traveler's Check …" and the date "Required … when method is … Check, Cashier's Check and Traveler's Check".
 */
const CHECK_METHODS = new Set(['CHCK', 'CCHK', 'TRAC']);
/** `financial-transaction-account-number`: "Value must be numeric." */
const NUMERIC = /^\d+$/;
const REFERENCE = /^(Encounter|Account)\/([A-Za-z0-9\-.]{1,64})$/;

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof DecimalText)
    ? (value as Json)
    : null;
}

const FHIR_JSON_MEDIA = {
  name: 'application/fhir+json',
  accepts: isFhirJsonBody,
  parse: parseJsonKeepingDecimals,
};

function money(value: unknown, where: string): { amountMinor: number; currency: string } {
  const m = obj(value);
  if (!m) throw required(`${where}: valueMoney is required`);
  if (!(m.value instanceof DecimalText)) throw bad(`${where}: valueMoney.value must be a number`);
  if (typeof m.currency !== 'string') throw required(`${where}: valueMoney.currency is required`);
  try {
    return { amountMinor: parseMinor(m.value.text, m.currency), currency: m.currency };
  } catch (e) {
    if (e instanceof MoneyError) throw bad(`${where}: ${e.message}`);
    throw e;
  }
}

function coding(value: unknown, system: string, where: string): string {
  const concept = obj(value);
  const codings = Array.isArray(concept?.coding) ? concept.coding : [];
  const match = codings.map(obj).find((c) => c?.system === system && typeof c.code === 'string');
  if (!match) throw required(`${where}: a coding from ${system} is required`);
  return match.code as string;
}

function validate(body: string, contentType: string | undefined, rules: ValidationRules): ValidTransaction {
  const resource = obj(readBody(body, contentType, FHIR_JSON_MEDIA));
  if (!resource || resource.resourceType !== 'Basic') throw bad('resourceType must be Basic');
  const codings = obj(resource.code)?.coding;
  if (!Array.isArray(codings) || codings.length !== 1 || obj(codings[0])?.code !== 'FinancialTransaction') {
    throw bad('code.coding must hold exactly one coding with code FinancialTransaction');
  }
  const identifiers = Array.isArray(resource.identifier) ? resource.identifier.map(obj) : [];
  if (identifiers.length === 0)
    throw required('At least one external transaction identifier must be provided');
  for (const identifier of identifiers) {
    if (typeof identifier?.value !== 'string' || !ORACLE_IDENTIFIER.test(identifier.value)) {
      throw bad('identifier.value must be alphanumeric, without special characters, at most 250 characters');
    }
  }
  const externalId = identifiers[0]?.value as string;

  const extensions = new Map<string, Json>();
  for (const raw of Array.isArray(resource.extension) ? resource.extension : []) {
    const extension = obj(raw);
    if (typeof extension?.url !== 'string') throw bad('Every extension needs a url');
    if (!extension.url.startsWith(CERNER_EXTENSION_BASE)) continue; // unsupported fields are ignored
    const id = extension.url.slice(CERNER_EXTENSION_BASE.length);
    if (extensions.has(id)) throw bad(`Extension ${id} appears more than once`);
    extensions.set(id, extension);
  }
  const get = (id: string) => extensions.get(id);

  const type = coding(
    get('financial-transaction-type')?.valueCodeableConcept,
    PAYMENT_TYPE_SYSTEM,
    'financial-transaction-type',
  );
  if (type !== 'payment' && type !== 'adjustment')
    throw bad('financial-transaction-type must be payment or adjustment');

  const alias = get('financial-transaction-alias')?.valueString;
  if (typeof alias !== 'string' || alias === '') throw required('financial-transaction-alias is required');
  const kind = rules.aliases[alias];
  if (!kind) throw rule(`financial-transaction-alias ${alias} is not defined at this site`);

  const amount = money(get('financial-transaction-amount')?.valueMoney, 'financial-transaction-amount');
  if (amount.amountMinor <= 0) throw bad('financial-transaction-amount must be greater than zero');
  if (amount.currency !== rules.currency) {
    throw new Invalid(
      422,
      'not-supported',
      `Currency ${amount.currency} is not supported (site posts ${rules.currency})`,
    );
  }

  const allocation = get('financial-transaction-allocation');
  const parts = Array.isArray(allocation?.extension) ? allocation.extension.map(obj) : [];
  if (!allocation || parts.length === 0) throw required('financial-transaction-allocation is required');
  const targets = parts.filter((p) => p?.url === 'target');
  const amounts = parts.filter((p) => p?.url === 'amount');
  if (targets.length !== 1 || amounts.length !== 1) {
    throw bad('financial-transaction-allocation must have exactly one target and one amount');
  }
  const reference = obj(targets[0]?.valueReference)?.reference;
  const match = typeof reference === 'string' ? REFERENCE.exec(reference) : null;
  if (!match?.[1] || !match[2]) throw bad('Allocation target must be Encounter/{id} or Account/{id}');
  const allocated = money(amounts[0]?.valueMoney, 'allocation amount');
  if (allocated.currency !== amount.currency || allocated.amountMinor !== amount.amountMinor) {
    throw rule('financial-transaction-amount must equal the allocation amount');
  }

  let method = 'NONE';
  const methodExtension = get('financial-transaction-method');
  if (methodExtension || type === 'payment') {
    method = coding(
      methodExtension?.valueCodeableConcept,
      PAYMENT_METHOD_SYSTEM,
      'financial-transaction-method',
    );
    if (!METHODS.has(method))
      throw bad(`financial-transaction-method ${method} is not a supported v2-0570 code`);
  }
  const accountNumber = get('financial-transaction-account-number')?.valueString;
  const date = get('financial-transaction-date')?.valueDate;
  // The numeric rule has no condition in the table; each method's fields are "Required on payment
  // transactions when method is …. Not required otherwise", so adjustments are not held to them.
  if (accountNumber !== undefined && (typeof accountNumber !== 'string' || !NUMERIC.test(accountNumber)))
    throw bad('financial-transaction-account-number must be numeric');
  if (type === 'payment' && method === 'CCCA') {
    const brand = get('financial-transaction-card-brand')?.valueString;
    if (typeof brand !== 'string' || !(CARD_BRANDS as readonly string[]).includes(brand.toUpperCase())) {
      throw bad(`financial-transaction-card-brand must be one of ${CARD_BRANDS.join(', ')}`);
    }
    if (typeof accountNumber !== 'string' || !/^\d{4}$/.test(accountNumber)) {
      throw bad('financial-transaction-account-number must be the last 4 digits of the card');
    }
    if (typeof date !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(date)) {
      throw bad('financial-transaction-date must be the card expiry (YYYY-MM)');
    }
  }
  if (type === 'payment' && CHECK_METHODS.has(method)) {
    if (typeof accountNumber !== 'string' || accountNumber === '')
      throw required('The check number (financial-transaction-account-number) is required');
    if (typeof date !== 'string' || date === '') throw required('The check date is required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw bad('The check date must be a date (YYYY-MM-DD)');
  }
  if (type === 'payment' && method === 'CASH') {
    const tendered = money(
      get('financial-transaction-tendered-amount')?.valueMoney,
      'financial-transaction-tendered-amount',
    );
    if (tendered.currency !== amount.currency || tendered.amountMinor < amount.amountMinor) {
      throw rule('The tendered amount must be greater than or equal to the amount');
    }
  }
  return {
    externalId,
    kind,
    type,
    method,
    amountMinor: amount.amountMinor,
    currency: amount.currency,
    targetType: match[1] === 'Encounter' ? 'encounter' : 'account',
    targetId: match[2],
    target: reference as string,
  };
}

export function validateFinancialTransaction(
  body: string,
  contentType: string | undefined,
  rules: ValidationRules,
): Validation<ValidTransaction> {
  return validated(() => validate(body, contentType, rules));
}
