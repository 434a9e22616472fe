import type { ApprovalView } from '../../../../shared/commands/approvals';
import { formatMoney } from '../../format';

/** Why an entry waits, in words. */
export const WHY_LABEL: Record<ApprovalView['why'], (threshold: number | null, currency: string) => string> =
  {
    above_threshold: (t, c) => (t === null ? 'Above the threshold' : `Above ${formatMoney(t, c)}`),
    other_currency: (_t, c) => `In ${c}, a currency with no threshold`,
    reversal: () => 'A refund or void entered by hand',
  };
