/**
 * The four-way cash balance over random months, in real SQLite databases: payments and refunds as payment
 * events with their postings, funding as the Purchase & Refund Details import stores it (fees per payment,
 * chargebacks and eCheck returns withdrawn, the money of won cases given back), each chargeback and return with
 * the reversal event posted back to the EHR (a won case: the payment re-posted), deposits as a BAI2 import
 * stores them (whole or split by the bank), then matching and the balance. Proven for every month, to the cent:
 *   Σ bank = Σ funding = Σ payments − refunds − chargebacks − returns + won − fees   (a clean month: no variance)
 *   Σ EHR = Σ payments − refunds − chargebacks − returns + won
 * and every deliberate defect — a missing deposit, a short deposit, a payment never funded, a payment the EHR
 * does not hold, a chargeback whose reversal is not posted yet, a withdrawal no imported chargeback or return
 * explains — comes out as exactly one variance with its cause and amount, the identities still holding.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { balanceCash, type CashBalance } from '../../../src/main/reconciliation/cash/cash-balance';
import { runMatching } from '../../../src/main/reconciliation/cash/run-matching';
import type { FundingItemRow } from '../../../src/main/store/repositories/funding';
import { openCashStore, type CashStore } from '../../helpers/cash-store';
import { seedPosting } from '../../helpers/seed';

const MONTH = { from: '2025-03-01', to: '2025-03-31' };
const AS_OF = '2025-04-15';

type Defect =
  | 'none'
  | 'missing_deposit'
  | 'short_deposit'
  | 'not_funded'
  | 'not_posted'
  | 'reversal_not_posted'
  | 'reversal_missing';

interface DayPlan {
  readonly day: number;
  readonly payments: number[];
  readonly refund: boolean;
  readonly chargeback: number;
  readonly returned: boolean;
  /** The chargeback's case is won: the money comes back and the payment is re-posted. */
  readonly won: boolean;
  readonly feeBps: number;
  readonly split: boolean;
  readonly lag: number;
}

const dayPlan = fc.record({
  day: fc.integer({ min: 1, max: 25 }),
  payments: fc.array(fc.integer({ min: 100, max: 2_500_000 }), { minLength: 1, maxLength: 5 }),
  refund: fc.boolean(),
  chargeback: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
  returned: fc.boolean(),
  won: fc.boolean(),
  feeBps: fc.integer({ min: 0, max: 350 }),
  split: fc.boolean(),
  lag: fc.integer({ min: 0, max: 3 }),
});
const monthPlan = fc.uniqueArray(dayPlan, { minLength: 1, maxLength: 8, selector: (d) => d.day });
const defect = fc.constantFrom<Defect>(
  'none',
  'missing_deposit',
  'short_deposit',
  'not_funded',
  'not_posted',
  'reversal_not_posted',
  'reversal_missing',
);

const FACILITIES = ['MAIN', 'NORTH'] as const;
const iso = (day: number) => `2025-03-${String(day).padStart(2, '0')}`;
let txn = 0;

/** Writes the month into the store; returns the figures the test expects, computed apart from Clearpost. */
function writeMonth(cash: CashStore, plan: readonly DayPlan[], defectKind: Defect) {
  let payments = 0;
  let refunds = 0;
  let chargebacks = 0;
  let returns = 0;
  let won = 0;
  let fees = 0;
  let withdrawals = 0;
  const nets: { batchId: string; net: number }[] = [];
  const deposits: { bookingDate: string; amountMinor: number; bankReference: string }[] = [];
  let defectAmount = 0;
  plan.forEach((d, di) => {
    const at = Date.UTC(2025, 2, d.day, 15);
    const items: Partial<FundingItemRow>[] = [];
    const batchId = `B${String(d.day)}`;
    const fundingDate = iso(d.day + 1);
    const taken: { requestId: string; eventId: number; amount: number }[] = [];
    d.payments.forEach((amount, pi) => {
      txn += 1;
      const requestId = `T${String(txn).padStart(10, '0')}`;
      const notPosted = defectKind === 'not_posted' && di === 0 && pi === 0;
      const { eventId } = seedPosting(
        cash.repos,
        notPosted ? 'failure' : 'success',
        // Two campuses share the merchant account: a batch's deposit is split between them.
        { processorTxnId: requestId, amountMinor: amount, transactionAt: at, facility: FACILITIES[pi % 2] },
        at,
      );
      taken.push({ requestId, eventId, amount });
      if (notPosted) defectAmount = amount;
      const fee = Math.floor((amount * d.feeBps) / 10_000);
      items.push({
        requestId,
        batchId,
        fundingDate,
        kind: 'purchase',
        amountMinor: amount,
        totalFeeMinor: fee,
      });
      payments += amount;
      fees += fee;
    });
    if (d.refund) {
      const amount = Math.ceil((d.payments[0] ?? 100) / 2);
      txn += 1;
      const requestId = `T${String(txn).padStart(10, '0')}`;
      seedPosting(
        cash.repos,
        'success',
        { processorTxnId: requestId, kind: 'refund', amountMinor: amount, transactionAt: at },
        at,
      );
      items.push({
        requestId,
        batchId,
        fundingDate,
        kind: 'refund',
        transactionType: 'ics_credit',
        amountMinor: -amount,
      });
      refunds += amount;
    }
    // A chargeback takes part of the day's first payment back, a return the whole of its second; each is
    // withdrawn from the funding and reversed in the EHR (the first one of the month carries a reversal defect).
    const withdraw = (original: (typeof taken)[number] | undefined, amount: number, isReturn: boolean) => {
      if (!original || amount <= 0) return;
      withdrawals += 1;
      items.push({
        requestId: original.requestId,
        batchId,
        fundingDate,
        kind: 'chargeback',
        transactionType: isReturn ? 'echeck_return' : 'chargeback',
        amountMinor: -amount,
      });
      if (isReturn) returns += amount;
      else chargebacks += amount;
      const first = withdrawals === 1;
      if (defectKind === 'reversal_missing' && first) {
        defectAmount = amount;
        return;
      }
      const pending = defectKind === 'reversal_not_posted' && first;
      if (pending) defectAmount = amount;
      const date = iso(d.day);
      const { eventId } = seedPosting(
        cash.repos,
        pending ? 'pending' : 'success',
        {
          processorTxnId: `${original.requestId}${isReturn ? 'RETR01' : 'CB'}${String(txn)}`,
          kind: 'refund',
          amountMinor: amount,
          transactionAt: at,
          extras: { reversal: isReturn ? 'echeck_return' : 'chargeback', originalEventId: original.eventId },
        },
        at,
      );
      cash.db.transaction(() => {
        if (isReturn) {
          const [row] = cash.repos.echeckReturns.add(
            [
              {
                requestId: original.requestId,
                merchantRef: null,
                returnCode: 'R01',
                reason: 'Insufficient funds',
                amountMinor: amount,
                currency: 'USD',
                returnDate: date,
              },
            ],
            null,
            at,
          );
          if (row) cash.repos.echeckReturns.linkReversal(row.id, eventId);
        } else {
          cash.repos.chargebacks.add(
            [
              {
                requestId: original.requestId,
                merchantRef: null,
                caseNumber: `CASE${String(txn)}`,
                action: 'First Chargeback',
                reasonCode: '10.4',
                amountMinor: amount,
                currency: 'USD',
                originalSettlementDate: date,
                chargebackDate: date,
                responseDueDate: iso(d.day + 3),
              },
            ],
            null,
            at,
          );
          const [row] = cash.repos.chargebacks.ofPayment(original.requestId);
          if (row) cash.repos.chargebacks.linkReversal(row.id, eventId);
        }
      })();
      if (!isReturn && d.won) winBack(original, amount, date, at);
    };
    // The case is won: the processor gives the money back, and the payment is re-posted in the EHR.
    const winBack = (original: (typeof taken)[number], amount: number, date: string, at: number) => {
      items.push({
        requestId: original.requestId,
        batchId,
        fundingDate,
        kind: 'chargeback_reversal',
        transactionType: 'chargeback reversal',
        amountMinor: amount,
      });
      won += amount;
      const { eventId } = seedPosting(
        cash.repos,
        'success',
        {
          processorTxnId: `${original.requestId}WON${String(txn)}`,
          amountMinor: amount,
          transactionAt: at,
          extras: { represented: 'chargeback_won', originalEventId: original.eventId },
        },
        at,
      );
      cash.db.transaction(() => {
        const [row] = cash.repos.chargebacks.add(
          [
            {
              requestId: original.requestId,
              merchantRef: null,
              caseNumber: `CASE${String(txn)}`,
              action: 'Chargeback Reversal',
              reasonCode: '10.4',
              amountMinor: -amount,
              currency: 'USD',
              originalSettlementDate: date,
              chargebackDate: iso(d.day + 1),
              responseDueDate: null,
            },
          ],
          null,
          at,
        );
        if (row) cash.repos.chargebacks.linkRepost(row.id, eventId);
      })();
    };
    withdraw(taken[0], Math.min(d.chargeback, taken[0]?.amount ?? 0), false);
    if (d.returned) withdraw(taken[1], taken[1]?.amount ?? 0, true);
    cash.fund(items);
    const net = items.reduce((s, i) => s + (i.amountMinor ?? 0) - (i.totalFeeMinor ?? 0), 0);
    nets.push({ batchId, net });
    const bookingDate = iso(d.day + 1 + d.lag);
    if (defectKind === 'missing_deposit' && di === 0) {
      defectAmount = net;
      return;
    }
    let paid = net;
    if (defectKind === 'short_deposit' && di === 0) {
      // Short by up to a twentieth: the processor kept something back.
      defectAmount = Math.max(1, Math.floor(Math.abs(net) / 20));
      paid = net - Math.sign(net || 1) * defectAmount;
    }
    if (d.split && Math.abs(paid) >= 2 && defectKind !== 'short_deposit') {
      const first = Math.trunc(paid / 3);
      deposits.push(
        { bookingDate, amountMinor: first, bankReference: `${batchId}a` },
        { bookingDate, amountMinor: paid - first, bankReference: `${batchId}b` },
      );
    } else if (paid !== 0) {
      deposits.push({ bookingDate, amountMinor: paid, bankReference: batchId });
    }
  });
  if (defectKind === 'not_funded') {
    txn += 1;
    defectAmount = 12_345;
    seedPosting(cash.repos, 'success', {
      processorTxnId: `T${String(txn).padStart(10, '0')}`,
      amountMinor: defectAmount,
      transactionAt: Date.UTC(2025, 2, 27, 15),
    });
  }
  cash.deposit(deposits);
  return { payments, refunds, chargebacks, returns, won, fees, nets, defectAmount, withdrawals };
}

/** The identities every balance keeps, whatever the month holds. */
function expectIdentities(balance: CashBalance) {
  expect(balance.variances.filter((v) => v.cause === 'unreconciled')).toEqual([]);
  for (const [currency, legs] of Object.entries(balance.currencies)) {
    const sum = (leg: string) =>
      balance.variances
        .filter((v) => v.leg === leg && v.currency === currency)
        .reduce((s, v) => s + v.amountMinor, 0);
    expect(legs.bank).toBe(legs.funding + sum('bank_funding'));
    const net = legs.payments - legs.refunds - legs.chargebacks - legs.returns + legs.won;
    expect(legs.funding).toBe(net - legs.fees + sum('funding_payments'));
    expect(legs.ehr).toBe(net + sum('payments_ehr'));
  }
  // Every row of the breakdown (facility, merchant account, day) keeps them on its own, and the rows add up
  // to the currency's lines and variances.
  const totals: Record<string, Record<string, number>> = {};
  let varianceTotal = 0;
  for (const row of balance.breakdown) {
    const sum = (leg: string) =>
      row.variances.filter((v) => v.leg === leg).reduce((s, v) => s + v.amountMinor, 0);
    const l = row.lines;
    expect(l.bank).toBe(l.funding + sum('bank_funding'));
    const net = l.payments - l.refunds - l.chargebacks - l.returns + l.won;
    expect(l.funding).toBe(net - l.fees + sum('funding_payments'));
    expect(l.ehr).toBe(net + sum('payments_ehr'));
    const t = (totals[row.currency] ??= {});
    for (const [line, amount] of Object.entries(l)) t[line] = (t[line] ?? 0) + amount;
    varianceTotal += row.variances.reduce((s, v) => s + v.amountMinor, 0);
  }
  for (const [currency, legs] of Object.entries(balance.currencies)) expect(totals[currency]).toEqual(legs);
  expect(varianceTotal).toBe(balance.variances.reduce((s, v) => s + v.amountMinor, 0));
}

describe('property: a month balances four ways to the cent, every defect reported with its cause', () => {
  it('random months, clean and with one deliberate defect each', () => {
    fc.assert(
      fc.property(monthPlan, defect, (plan, defectKind) => {
        // The first day in the plan carries the defect: make it the one the test knows by sorting by day.
        const days = [...plan].sort((a, b) => a.day - b.day);
        const dir = mkdtempSync(join(tmpdir(), 'clearpost-cash-'));
        const cash = openCashStore(dir);
        try {
          const expected = writeMonth(cash, days, defectKind);
          runMatching(MONTH, cash);
          const balance = balanceCash(cash.repos, { ...MONTH, asOf: AS_OF, timeZone: 'UTC' });
          expectIdentities(balance);
          const legs = balance.currencies.USD;
          expect(legs?.fees).toBe(expected.fees);
          expect(legs?.chargebacks).toBe(expected.chargebacks);
          expect(legs?.returns).toBe(expected.returns);
          expect(legs?.won).toBe(expected.won);
          const withdrawn = expected.chargebacks + expected.returns - expected.won;
          const funding = expected.payments - expected.refunds - withdrawn - expected.fees;
          expect(legs?.funding).toBe(funding);
          const causes = balance.variances.map((v) => [v.cause, v.amountMinor]);
          switch (defectKind) {
            case 'none':
              expect(causes).toEqual([]);
              expect(balance.unexplained).toBe(0);
              expect(legs?.bank).toBe(funding);
              expect(legs?.payments).toBe(expected.payments);
              expect(legs?.refunds).toBe(expected.refunds);
              expect(legs?.ehr).toBe(expected.payments - expected.refunds - withdrawn);
              break;
            case 'missing_deposit':
              // A batch netting to zero expects no deposit: nothing is missing then.
              expect(causes).toEqual(
                expected.defectAmount === 0 ? [] : [['missing_deposit', -expected.defectAmount]],
              );
              expect(legs?.bank).toBe(funding - expected.defectAmount);
              break;
            case 'short_deposit': {
              const net = expected.nets[0]?.net ?? 0;
              expect(causes).toEqual(
                net === 0 ? [] : [['short_deposit', -Math.sign(net) * expected.defectAmount]],
              );
              expect(balance.unexplained).toBe(net === 0 ? 0 : 1);
              break;
            }
            case 'not_funded':
              expect(causes).toEqual([['not_funded', -expected.defectAmount]]);
              expect(legs?.payments).toBe(expected.payments + expected.defectAmount);
              expect(balance.unexplained).toBe(1);
              break;
            case 'not_posted':
              expect(causes).toEqual([['not_posted', -expected.defectAmount]]);
              expect(balance.unexplained).toBe(0);
              break;
            // The EHR still holds money the processor took back: waiting in the queue is explained, a
            // withdrawal nothing Clearpost imported accounts for is not.
            case 'reversal_not_posted':
              expect(causes).toEqual(
                expected.withdrawals === 0 ? [] : [['reversal_not_posted', expected.defectAmount]],
              );
              expect(balance.unexplained).toBe(0);
              break;
            case 'reversal_missing':
              expect(causes).toEqual(
                expected.withdrawals === 0 ? [] : [['reversal_missing', expected.defectAmount]],
              );
              expect(balance.unexplained).toBe(expected.withdrawals === 0 ? 0 : 1);
              break;
          }
        } finally {
          cash.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: 2024, numRuns: 60 },
    );
  });
});
