/**
 * Maps a payment event to Oracle Health Millennium's FinancialTransaction (a FHIR R4 `Basic` resource with
 * Cerner extensions), exactly as documented: identifier, type, alias, method (HL7 v2-0570), card brand /
 * last 4 / expiry, check number / date, cash tendered, and an amount equal to its single allocation to
 * `Encounter/{id}` or `Account/{id}`. Pure: no I/O, no clock.
 *
 * Amounts go on the wire as JSON numbers (FHIR `decimal`) written from the exact decimal string of the
 * integer minor units, so no binary float is ever involved (`JSON.rawJSON`).
 */
import type { EventKind, Tender } from '../../../../shared/domain';
import { formatMinor, minorUnitDigits } from '../../../../shared/money';
import type { OracleConnectionConfig, OracleMethodCode } from '../config';
import { ehrError } from '../errors';
import { externalIdFor } from '../external-id';
import { localDate } from '../../../lib/time-zone';
import type { EhrError, PostableEvent } from '../types';

export const CERNER_EXTENSION_BASE = 'https://fhir-ehr.cerner.com/r4/StructureDefinition/';
export const PAYMENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/payment-type';
export const PAYMENT_METHOD_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0570';
export const FHIR_JSON = 'application/fhir+json';

/** Oracle: "alphanumeric value and no special characters", at most 250 characters. */
export const ORACLE_IDENTIFIER = /^[A-Za-z0-9]{1,250}$/;
/**
 * `financial-transaction-account-number` holds the check number for checks, and "Value must be numeric"
 * ("FinancialTransaction | R4 API", https://fhir.cerner.com/millennium/r4/financial/general/financial-transaction/).
 * The documents give no maximum length; 30 is what intake keeps.
 */
const CHECK_NUMBER = /^\d{1,30}$/;
/** FHIR resource id rules, so the allocation target is a valid literal reference. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export const CARD_BRANDS = ['VISA', 'MASTER', 'AMEX', 'DISCOVER'] as const;
export type OracleCardBrand = (typeof CARD_BRANDS)[number];

const BRAND_ALIASES: Readonly<Record<string, OracleCardBrand>> = {
  visa: 'VISA',
  master: 'MASTER',
  mastercard: 'MASTER',
  mc: 'MASTER',
  amex: 'AMEX',
  americanexpress: 'AMEX',
  discover: 'DISCOVER',
};

const METHOD_DISPLAY: Readonly<Record<OracleMethodCode, string>> = {
  CASH: 'Cash',
  CCCA: 'Credit Card',
  CHCK: 'Check',
  CCHK: "Cashier's Check",
  TRAC: "Traveler's Check",
};

export function normalizeCardBrand(brand: string | null): OracleCardBrand | null {
  if (!brand) return null;
  return BRAND_ALIASES[brand.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

type ApiTender = Exclude<Tender, 'paypal'>;

// Node 21+ (V8 11.4+); the TypeScript lib in use does not declare it yet.
const jsonWithRaw = JSON as unknown as { rawJSON: (text: string) => unknown };
const rawJSON = (text: string): unknown => jsonWithRaw.rawJSON(text);

function money(amountMinor: number, currency: string) {
  // Written exactly as "12.10"; JSON.stringify emits the raw text, no float conversion happens.
  return { value: rawJSON(formatMinor(amountMinor, currency)), currency };
}

function ext(id: string, value: Record<string, unknown>) {
  return { url: `${CERNER_EXTENSION_BASE}${id}`, ...value };
}

export type MappedTransaction =
  | { readonly ok: true; readonly externalId: string; readonly body: string }
  | { readonly ok: false; readonly error: EhrError };

function refuse(message: string): MappedTransaction {
  return { ok: false, error: ehrError('mapping_failed', { message }) };
}

function aliasFor(site: OracleConnectionConfig['sites'][string], event: PostableEvent): string {
  // A chargeback's or a return's reversal is refund-kind; the site may give each cause an alias of its own.
  if (event.kind === 'refund' && event.reversal === 'chargeback')
    return site.chargebackAlias ?? site.refundAlias;
  if (event.kind === 'refund' && event.reversal === 'echeck_return')
    return site.returnAlias ?? site.refundAlias;
  const kind: EventKind = event.kind;
  switch (kind) {
    case 'one_time_payment':
    case 'payment_plan':
      return site.aliases[kind];
    case 'void':
      return site.reversalAlias;
    case 'refund':
      return site.refundAlias;
  }
}

function transactionType(config: OracleConnectionConfig, event: PostableEvent): 'payment' | 'adjustment' {
  if (event.kind === 'refund' && event.reversal) return config.reversalTypes[event.reversal];
  const kind: EventKind = event.kind;
  switch (kind) {
    case 'one_time_payment':
    case 'payment_plan':
      return 'payment';
    case 'void':
    case 'refund':
      return config.reversalTypes[kind];
  }
}

export function mapFinancialTransaction(
  event: PostableEvent,
  config: OracleConnectionConfig,
): MappedTransaction {
  if (event.ehr !== 'oracle_health')
    return refuse(`This payment is routed to ${event.ehr}, not Oracle Health.`);
  if (event.tender === 'paypal')
    return refuse('PayPal is not an Oracle Health API tender; post it manually.');
  const tender: ApiTender = event.tender;
  if (event.currency !== config.currency) {
    return refuse(
      `The payment is in ${event.currency}; this Oracle Health connection posts ${config.currency}.`,
    );
  }
  try {
    minorUnitDigits(event.currency);
  } catch {
    return refuse(`Unknown currency ${event.currency}.`);
  }
  // Voids and refunds may arrive signed negative from reports; the alias, not the sign, carries the direction.
  const amountMinor = Math.abs(event.amountMinor);
  if (!Number.isSafeInteger(amountMinor) || amountMinor === 0) {
    return refuse('The amount must be a whole, non-zero number of minor units.');
  }
  const site = config.sites[event.facility];
  if (!site) return refuse(`No Oracle Health aliases are configured for facility "${event.facility}".`);

  const externalId = externalIdFor(event);
  if (!ORACLE_IDENTIFIER.test(externalId)) {
    return refuse(
      'The processor transaction id must be letters and digits only (at most 250) for Oracle Health.',
    );
  }

  const target = allocationTarget(event, config.allocateTo);
  if (!target) return refuse('The payment has no valid encounter or guarantor account to post to.');

  const method = config.methods[tender];
  const extensions: Record<string, unknown>[] = [
    ext('financial-transaction-type', {
      valueCodeableConcept: {
        coding: [{ system: PAYMENT_TYPE_SYSTEM, code: transactionType(config, event) }],
      },
    }),
    ext('financial-transaction-method', {
      valueCodeableConcept: {
        coding: [{ system: PAYMENT_METHOD_SYSTEM, code: method, display: METHOD_DISPLAY[method] }],
        text: METHOD_DISPLAY[method],
      },
    }),
  ];

  switch (tender) {
    case 'card': {
      const brand = normalizeCardBrand(event.cardBrand);
      if (!brand)
        return refuse(
          `Card brand "${event.cardBrand ?? ''}" is not one Oracle Health accepts (${CARD_BRANDS.join(', ')}).`,
        );
      if (!event.cardLast4 || !/^\d{4}$/.test(event.cardLast4))
        return refuse('The card payment has no last 4 digits.');
      if (!event.cardExpiry || !/^\d{4}-(0[1-9]|1[0-2])$/.test(event.cardExpiry)) {
        return refuse('The card payment has no expiry (YYYY-MM).');
      }
      extensions.push(
        ext('financial-transaction-card-brand', { valueString: brand }),
        ext('financial-transaction-account-number', { valueString: event.cardLast4 }),
        ext('financial-transaction-date', { valueDate: event.cardExpiry }),
      );
      break;
    }
    case 'echeck':
    case 'manual_check': {
      if (!event.checkNumber) return refuse('The check payment has no check number.');
      if (!CHECK_NUMBER.test(event.checkNumber)) {
        return refuse(
          'The check number is not all digits; Oracle Health takes only digits as a check number.',
        );
      }
      const checkDate =
        event.checkDate ?? event.effectiveDate ?? localDate(event.transactionAt, config.timeZone);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(checkDate)) return refuse('The check date must be YYYY-MM-DD.');
      extensions.push(
        ext('financial-transaction-account-number', { valueString: event.checkNumber }),
        ext('financial-transaction-date', { valueDate: checkDate }),
      );
      break;
    }
    case 'cash': {
      const tendered = event.cashTenderedMinor ?? amountMinor;
      if (!Number.isSafeInteger(tendered) || tendered < amountMinor) {
        return refuse('Cash tendered must be at least the amount paid.');
      }
      extensions.push(
        ext('financial-transaction-tendered-amount', { valueMoney: money(tendered, event.currency) }),
      );
      break;
    }
  }

  extensions.push(
    ext('financial-transaction-amount', { valueMoney: money(amountMinor, event.currency) }),
    ext('financial-transaction-allocation', {
      extension: [
        { url: 'target', valueReference: { reference: target } },
        { url: 'amount', valueMoney: money(amountMinor, event.currency) },
      ],
    }),
    ext('financial-transaction-alias', { valueString: aliasFor(site, event) }),
  );
  if (site.location) extensions.push(ext('financial-transaction-location', { valueString: site.location }));

  const resource = {
    resourceType: 'Basic',
    code: { coding: [{ code: 'FinancialTransaction' }] },
    identifier: [{ use: 'usual', value: externalId }],
    extension: extensions,
  };
  return { ok: true, externalId, body: JSON.stringify(resource) };
}

function allocationTarget(
  event: PostableEvent,
  allocateTo: OracleConnectionConfig['allocateTo'],
): string | null {
  // A malformed id is a data problem to show, not a reason to post to the other balance instead.
  if (event.encounterId && !FHIR_ID.test(event.encounterId)) return null;
  if (event.guarantorAccount && !FHIR_ID.test(event.guarantorAccount)) return null;
  const encounter = event.encounterId ? `Encounter/${event.encounterId}` : null;
  const account = event.guarantorAccount ? `Account/${event.guarantorAccount}` : null;
  return allocateTo === 'encounter_first' ? (encounter ?? account) : (account ?? encounter);
}

/** `Location: https://…/Basic/FT-PL-123` → `FT-PL-123`. */
export function referenceFromLocation(location: string | undefined): string | null {
  if (!location) return null;
  const match = /\/Basic\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/?#]*)?\/?(?:[?#].*)?$/.exec(
    location.trim(),
  );
  return match?.[1] ?? null;
}
