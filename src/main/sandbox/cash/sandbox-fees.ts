/**
 * What the sandbox's processor keeps of each transaction, so the funding it reports has fees as a real one
 * does. SANDBOX ASSUMPTION, not a published schedule: card payments pay interchange (1.65 % + 10 cents),
 * the acquirer's discount (0.25 %) and card-brand dues and assessments (0.14 %), rounded to the cent; an
 * eCheck pays a flat 25 cents; a refund, a chargeback or an eCheck return is charged nothing (its fees are
 * not given back).
 */
export interface SandboxFees {
  readonly interchangeMinor: number;
  readonly discountMinor: number;
  readonly duesAssessmentsMinor: number;
  readonly totalMinor: number;
}

const NONE: SandboxFees = { interchangeMinor: 0, discountMinor: 0, duesAssessmentsMinor: 0, totalMinor: 0 };

const basisPoints = (amountMinor: number, bps: number) => Math.round((amountMinor * bps) / 10_000);

export function sandboxFees(
  kind: 'purchase' | 'refund' | 'chargeback' | 'return',
  tender: string,
  amountMinor: number,
): SandboxFees {
  if (kind !== 'purchase') return NONE;
  if (tender === 'echeck')
    return { interchangeMinor: 0, discountMinor: 25, duesAssessmentsMinor: 0, totalMinor: 25 };
  const interchangeMinor = basisPoints(amountMinor, 165) + 10;
  const discountMinor = basisPoints(amountMinor, 25);
  const duesAssessmentsMinor = basisPoints(amountMinor, 14);
  return {
    interchangeMinor,
    discountMinor,
    duesAssessmentsMinor,
    totalMinor: interchangeMinor + discountMinor + duesAssessmentsMinor,
  };
}
