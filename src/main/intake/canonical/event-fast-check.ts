/**
 * A quick yes for the everyday event, before CanonicalEventSchema (event-schema.ts) is asked.
 *
 * Running the zod schema on every row of a million-row file cost about a tenth of intake. This check reads
 * the same rules as plain comparisons. It may say no to an event the schema would accept — then the schema
 * decides, and explains a refusal — but it must never say yes to one the schema refuses:
 * test/unit/intake/event-fast-check.test.ts holds it to that with generated events. A rule added to the
 * schema and not here only makes this say no more often (the schema still runs), as long as what is here
 * is no looser than the schema.
 */
import { EHR_SYSTEMS, EVENT_KINDS, EVENT_SOURCES, TENDERS } from '../../../shared/domain';
import { isKnownCurrency } from '../../../shared/money';

const SOURCES: ReadonlySet<unknown> = new Set(EVENT_SOURCES);
const KINDS: ReadonlySet<unknown> = new Set(EVENT_KINDS);
const TENDER_SET: ReadonlySet<unknown> = new Set(TENDERS);
const EHRS: ReadonlySet<unknown> = new Set(EHR_SYSTEMS);

const TXN_ID = /^[A-Za-z0-9._:-]+$/;
const LAST4 = /^\d{4}$/;
const EXPIRY = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Optional text of 1..max characters: absent, null, or a string. */
const optionalText = (value: unknown, max: number) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.length >= 1 && value.length <= max);

const optionalMatch = (value: unknown, pattern: RegExp) =>
  value === undefined || value === null || (typeof value === 'string' && pattern.test(value));

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True only when CanonicalEventSchema accepts the event; false means "ask the schema". */
export function plainlyValidEvent(event: unknown): boolean {
  if (!plainObject(event)) return false;
  const e = event;
  const txn = e.processorTxnId;
  const amount = e.amountMinor;
  const at = e.transactionAt;
  const fee = e.serviceFeeMinor;
  const currency = e.currency;
  const facility = e.facility;
  return (
    SOURCES.has(e.source) &&
    typeof txn === 'string' &&
    txn.length >= 1 &&
    txn.length <= 250 &&
    TXN_ID.test(txn) &&
    KINDS.has(e.kind) &&
    TENDER_SET.has(e.tender) &&
    typeof amount === 'number' &&
    Number.isSafeInteger(amount) &&
    amount > 0 &&
    typeof currency === 'string' &&
    isKnownCurrency(currency) &&
    EHRS.has(e.ehr) &&
    typeof facility === 'string' &&
    facility.length >= 1 &&
    facility.length <= 100 &&
    optionalText(e.guarantorAccount, 100) &&
    optionalText(e.encounterId, 100) &&
    optionalText(e.merchantRef, 250) &&
    optionalText(e.cardBrand, 20) &&
    optionalMatch(e.cardLast4, LAST4) &&
    optionalMatch(e.cardExpiry, EXPIRY) &&
    optionalText(e.checkNumber, 30) &&
    optionalText(e.processorStatus, 50) &&
    optionalText(e.reasonCode, 50) &&
    typeof at === 'number' &&
    Number.isSafeInteger(at) &&
    at >= 0 &&
    optionalMatch(e.effectiveDate, DAY) &&
    optionalMatch(e.fundingDate, DAY) &&
    (fee === undefined || (typeof fee === 'number' && Number.isSafeInteger(fee) && fee >= 0)) &&
    (e.extras === undefined || plainObject(e.extras))
  );
}
