/**
 * Which date puts a payment in a day: when the patient paid (transaction, in the facility's
 * time zone), when the processor settled it (effective) or when the money reached the bank (funding).
 * Events without the chosen date (not settled yet) are in no day on that basis.
 */
export const DATE_BASES = ['transaction', 'effective', 'funding'] as const;
export type DateBasis = (typeof DATE_BASES)[number];
