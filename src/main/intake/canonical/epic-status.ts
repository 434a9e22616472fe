/**
 * Epic billing statuses to processor statuses, as the integration seed names them (domain.md §8); used when
 * Clearpost reports a claim's state to the processor side. Unknown statuses stay unmapped, never guessed.
 */
// prettier-ignore
const EPIC_TO_PROCESSOR: Readonly<Record<string, string>> = {
  'PENDING PAYMENT': 'AUTHORIZED',
  PAID: 'SETTLED',
};

export function epicStatusToProcessor(status: string): string | null {
  return EPIC_TO_PROCESSOR[status.trim().toUpperCase()] ?? null;
}
