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

interface Source {
  readonly fileId: number | null;
  readonly sourceRef: string;
}

export function storeChargebackRows(
  rows: readonly NewChargeback[],
  source: Source,
  deps: ReversalDeps,
  now: number,
): CaseRowsStored {
  const { chargebacks } = deps.repos;
  const added = chargebacks.add(rows, source.fileId, now);
  return stored(added, deps, source.sourceRef, now, {
    ref: (cb) => `case ${cb.caseNumber}`,
    reasonCode: 'unmatched_chargeback',
    reason: unmatchedChargebackReason,
    remember: (id, quarantineId) => chargebacks.setQuarantine(id, quarantineId),
  });
}

export function storeReturnRows(
  rows: readonly NewEcheckReturn[],
  source: Source,
  deps: ReversalDeps,
  now: number,
): CaseRowsStored {
  const { echeckReturns } = deps.repos;
  const added = echeckReturns.add(rows, source.fileId, now);
  return stored(added, deps, source.sourceRef, now, {
    ref: (r) => `return ${r.requestId}`,
    reasonCode: 'unmatched_return',
    reason: unmatchedReturnReason,
    remember: (id, quarantineId) => echeckReturns.setQuarantine(id, quarantineId),
  });
}

/** Quarantines the new rows whose payment Clearpost lacks (remembering the entry), then stores follow-ups. */
function stored<Row extends { readonly id: number; readonly eventId: number | null }>(
  added: readonly Row[],
  deps: ReversalDeps,
  sourceRef: string,
  now: number,
  unmatchedAs: {
    readonly ref: (row: Row) => string;
    readonly reasonCode: 'unmatched_chargeback' | 'unmatched_return';
    readonly reason: (row: Row) => string;
    readonly remember: (id: number, quarantineId: number) => void;
  },
): CaseRowsStored {
  const unmatched = added.filter((row) => row.eventId === null);
  for (const row of unmatched) {
    const entry = deps.repos.quarantine.add(
      {
        source: 'file',
        sourceRef: `${sourceRef}#${unmatchedAs.ref(row)}`,
        reasonCode: unmatchedAs.reasonCode,
        reason: unmatchedAs.reason(row),
        redactedInput: JSON.stringify(guard(row).redacted),
      },
      now,
    );
    unmatchedAs.remember(row.id, entry.id);
  }
  return {
    imported: added.length,
    unmatched: unmatched.length,
    followUps: storeReversals(deps, sourceRef),
  };
}
