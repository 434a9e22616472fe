/**
 * The merchant reference (Cybersource `clientReferenceInformation.code`, `merchant_ref_number` in reports)
 * enriched with the Epic claim or encounter id, so a payment can be traced from the processor's records to
 * the EHR. The tag format is fixed and parseable: `REF-123|ENC:E456` or `REF-123|CLM:C789`.
 */

export interface RefIds {
  readonly claimId?: string | null;
  readonly encounterId?: string | null;
}

const TAG = /\|(ENC|CLM):([A-Za-z0-9._-]+)$/;

/** Appends the claim id (preferred) or the encounter id; idempotent, and leaves an already tagged ref alone. */
export function enrichMerchantRef(ref: string | null | undefined, ids: RefIds): string | null {
  const base = ref?.trim() ?? '';
  const tag = ids.claimId ? `CLM:${ids.claimId}` : ids.encounterId ? `ENC:${ids.encounterId}` : null;
  if (tag === null) return base === '' ? null : base;
  if (TAG.test(base)) return base;
  return base === '' ? `|${tag}` : `${base}|${tag}`;
}

/** Reads back the id an enriched reference carries (reports echo the reference we sent). */
export function parseMerchantRef(ref: string | null | undefined): {
  base: string;
  claimId: string | null;
  encounterId: string | null;
} {
  const text = ref?.trim() ?? '';
  const match = TAG.exec(text);
  if (!match) return { base: text, claimId: null, encounterId: null };
  const base = text.slice(0, match.index);
  return {
    base,
    claimId: match[1] === 'CLM' ? (match[2] ?? null) : null,
    encounterId: match[1] === 'ENC' ? (match[2] ?? null) : null,
  };
}
