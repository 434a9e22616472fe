/**
 * The one path by which chargeback case actions and eCheck returns are taken in, whether read from a file
 * (import-cash-file.ts) or pulled through the Reporting REST API (funding-api.ts): each row is stored once
 * (a repeat adds nothing); a row whose payment Clearpost does not have is kept, and quarantined with its
 * reason (`unmatched_chargeback`, `unmatched_return`) so someone finds the payment — it links up by itself
 * when the payment arrives (link-waiting.ts); then every follow-up event due is stored (reversal-events.ts).
 * Call inside the import's transaction.
 */
import { formatMinor } from '../../../shared/money';
import type { Chargeback, NewChargeback } from '../../store/repositories/chargebacks';
import type { EcheckReturn, NewEcheckReturn } from '../../store/repositories/echeck-returns';
import { guard } from '../../lib/card-guard';
import { storeReversals, type ReversalCounts, type ReversalDeps } from './reversal-events';

export interface CaseRowsStored {
  /** Rows new to Clearpost. */
  readonly imported: number;
  /** New rows whose payment Clearpost does not have: kept and quarantined. */
  readonly unmatched: number;
  readonly followUps: ReversalCounts;
}

const money = (minor: number, currency: string) => `${formatMinor(Math.abs(minor), currency)} ${currency}`;

/** What an operator reads in Quarantine about a case action whose payment Clearpost does not have. */
export function unmatchedChargebackReason(cb: Chargeback): string {
  const what =
    cb.amountMinor < 0
      ? `gives back ${money(cb.amountMinor, cb.currency)} (the case was won)`
      : `takes back ${money(cb.amountMinor, cb.currency)}`;
  return (
    `Chargeback case ${cb.caseNumber} (${cb.action}, ${cb.chargebackDate}) ${what} for payment ${cb.requestId}, ` +
    'which Clearpost does not have yet. Nothing was posted to the EHR for it. When the payment arrives, ' +
    'Clearpost links the case and posts its reversal by itself; if the payment never comes, find it and ' +
    'reverse it in the EHR by hand.'
  );
}

function unmatchedReturnReason(r: EcheckReturn): string {
  return (
    `eCheck return ${r.returnCode} of ${r.returnDate} names payment ${r.requestId}, which Clearpost does not ` +
    'have yet. When the payment arrives, Clearpost links the return and posts its reversal by itself; if it ' +
    `never comes, find the payment and reverse it in the EHR by hand. ${r.reason}`
  );
}

export function storeChargebackRows(
  rows: readonly NewChargeback[],
  source: { readonly fileId: number | null; readonly sourceRef: string },
  deps: ReversalDeps,
  now: number,
): CaseRowsStored {
  const added = deps.repos.chargebacks.add(rows, source.fileId, now);
  const unmatched = added.filter((c) => c.eventId === null);
  for (const cb of unmatched) {
    const entry = deps.repos.quarantine.add(
      {
        source: 'file',
        sourceRef: `${source.sourceRef}#case ${cb.caseNumber}`,
        reasonCode: 'unmatched_chargeback',
        reason: unmatchedChargebackReason(cb),
        redactedInput: JSON.stringify(guard(cb).redacted),
      },
      now,
    );
    deps.repos.chargebacks.setQuarantine(cb.id, entry.id);
  }
  return {
    imported: added.length,
    unmatched: unmatched.length,
    followUps: storeReversals(deps, source.sourceRef),
  };
}

export function storeReturnRows(
  rows: readonly NewEcheckReturn[],
  source: { readonly fileId: number | null; readonly sourceRef: string },
  deps: ReversalDeps,
  now: number,
): CaseRowsStored {
  const added = deps.repos.echeckReturns.add(rows, source.fileId, now);
  const unmatched = added.filter((r) => r.eventId === null);
  for (const r of unmatched) {
    const entry = deps.repos.quarantine.add(
      {
        source: 'file',
        sourceRef: `${source.sourceRef}#return ${r.requestId}`,
        reasonCode: 'unmatched_return',
        reason: unmatchedReturnReason(r),
        redactedInput: JSON.stringify(guard(r).redacted),
      },
      now,
    );
    deps.repos.echeckReturns.setQuarantine(r.id, entry.id);
  }
  return {
    imported: added.length,
    unmatched: unmatched.length,
    followUps: storeReversals(deps, source.sourceRef),
  };
}
