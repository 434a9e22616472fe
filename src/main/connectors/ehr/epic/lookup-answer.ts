/**
 * Reads Epic's answer to a lookup by external transaction id (the modeled contract, see payment-request.ts).
 * The answer decides whether a payment that may have posted is sent again, so it is read strictly: only a
 * well-formed answer with no payment for this id says "absent". Anything unexpected — a body that is not the
 * contract's shape, a matching payment whose id cannot be read — is "unknown", which holds the item for
 * verification; it is never taken for "absent", which would post the payment a second time.
 */
import { z } from 'zod';
import { parseMinor } from '../../../../shared/money';
import { ehrError } from '../errors';
import type { LookupResult } from '../types';

/** Epic's PaymentID as a string; a numeric id is the same payment and is read as its digits. */
const PaymentId = z.union([z.string().trim().min(1), z.int().nonnegative().transform(String)]);

const Payment = z.looseObject({
  ExternalTransactionID: z.string(),
  PaymentID: z.unknown(),
  Amount: z.unknown().optional(),
  Currency: z.unknown().optional(),
  PostedAt: z.unknown().optional(),
});

const Answer = z.looseObject({ Payments: z.array(Payment) });

function unknown(message: string): LookupResult {
  return { ok: false, error: ehrError('unexpected_response', { httpStatus: 200, message }) };
}

export function readLookupAnswer(body: string, externalId: string): LookupResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return unknown('Epic answered the lookup with something that is not JSON.');
  }
  const answer = Answer.safeParse(json);
  if (!answer.success)
    return unknown('Epic sent a lookup answer Clearpost cannot read (no list of Payments).');
  const match = answer.data.Payments.find((p) => p.ExternalTransactionID === externalId);
  if (!match) return { ok: true, found: false };
  const id = PaymentId.safeParse(match.PaymentID);
  if (!id.success) {
    return unknown('Epic has a payment with this transaction id, but its PaymentID cannot be read.');
  }
  return {
    ok: true,
    found: true,
    ehrReference: id.data,
    amountMinor: amountOf(match.Amount, match.Currency),
    postedAt: typeof match.PostedAt === 'string' ? dateOrNull(match.PostedAt) : null,
  };
}

function amountOf(amount: unknown, currency: unknown): number | null {
  if (typeof amount !== 'string' || typeof currency !== 'string') return null;
  try {
    return parseMinor(amount, currency);
  } catch {
    return null;
  }
}

function dateOrNull(text: string): number | null {
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}
