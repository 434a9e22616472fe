/**
 * A sandbox month at a fast clock, end to end on a real data folder: the traffic generator takes March's
 * payments (a fake clock moved through every day), intake stores them, the sandbox's processor and bank hand
 * over each day's files at the cut-off (Purchase & Refund Details with fees, a BAI2 statement, the first day's
 * chargeback, eCheck return and short deposit), which are saved and imported as `clearpost import` would, and
 * matched.
 * Then the month is balanced four ways and prepared for close:
 *   - before anyone looks, the short deposit is the only unexplained money, and the close is refused;
 *   - once a supervisor matches it by hand with a note, nothing is unexplained, the figures are the
 *     processor's own to the cent (bank = funding − the bank's fee; funding = payments − refunds −
 *     chargebacks − eCheck returns − fees), the return its own line, every facility has its row, the fee the bank kept is the unattributed row, the
 *     month is prepared, and `clearpost export cash` prints "unexplained": 0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app';
import { runCli } from '../../../src/main/cli';
import { addDays, dayWindow } from '../../../src/main/lib/time-zone';
import { balanceCash } from '../../../src/main/reconciliation/cash/cash-balance';
import { matchByHand } from '../../../src/main/reconciliation/cash/run-matching';
import { CloseError, prepareClose } from '../../../src/main/reconciliation/close/close-period';
import {
  createSandboxCashDesk,
  SANDBOX_BANK_FEE_MINOR,
  type SandboxCashDay,
} from '../../../src/main/sandbox/cash/cash-desk';
import { runCutOff } from '../../../src/main/sandbox/cash/cash-cycle';
import { sandboxFees } from '../../../src/main/sandbox/cash/sandbox-fees';
import {
  ProcessorLedger,
  sandboxOrganizationId,
} from '../../../src/main/sandbox/cybersource/processor-ledger';
import { createTrafficGenerator, isProcessorPayment } from '../../../src/main/sandbox';
import { createSandboxWorld, SANDBOX_TIME_ZONE } from '../../../src/main/sandbox/world';
import { fakeClock, silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const ZONE = SANDBOX_TIME_ZONE;
const PER_DAY = 16;

describe('a sandbox month at a fast clock', () => {
  it('closes with "unexplained": 0 once the short deposit is matched by hand, to the cent of the processor', async () => {
    const clock = fakeClock(dayWindow('2025-03-01', ZONE).start);
    const dataDir = tempDir();
    const app = await createApp({
      dataDir,
      mode: 'test',
      logger: silentLogger,
      clock,
      engine: { autoStart: false },
    });
    const days: SandboxCashDay[] = [];
    try {
      const ledger = new ProcessorLedger();
      const desk = createSandboxCashDesk(ledger);
      const traffic = createTrafficGenerator({
        world: createSandboxWorld(7),
        clock,
        seed: 2025,
        onEvent: () => undefined,
      });
      const deps = {
        db: app.store.db,
        repos: app.repos,
        clock,
        logger: silentLogger,
        dir: join(dataDir, 'cash'),
      };
      for (let day = '2025-03-01'; day <= '2025-03-31'; day = addDays(day, 1)) {
        const { start, end } = dayWindow(day, ZONE);
        for (let i = 1; i <= PER_DAY; i += 1) {
          clock.advance(start + Math.floor(((end - start) * i) / (PER_DAY + 2)) - clock.now());
          const payment = traffic.next();
          if (isProcessorPayment(payment))
            ledger.record({
              payment,
              organizationId: sandboxOrganizationId(payment.event.facility),
              dropped: false,
            });
          const event =
            payment.workflow === 'manual' ? { ...payment.event, source: 'manual' as const } : payment.event;
          app.intake.enter(event, 'sandbox traffic');
        }
        clock.advance(end - 1 - clock.now());
        const cut = await runCutOff(desk, day, end, deps);
        if (cut) {
          // Every file of the day is taken in: nothing refused, nothing quarantined.
          expect(cut.imports.map((i) => [i.quarantined, i.imported > 0])).toEqual(
            cut.cashDay.files.map(() => [0, true]),
          );
          days.push(cut.cashDay);
        }
      }
      await app.intake.drain();
      expect(days).toHaveLength(31);
      const first = days[0];
      expect(first?.chargebacks).toBe(1);
      expect(first?.returns).toBe(1);
      expect(first?.shortBatchId).not.toBeNull();
      expect(
        days.slice(1).every((d) => d.chargebacks === 0 && d.returns === 0 && d.shortBatchId === null),
      ).toBe(true);
      // The return is linked to the eCheck payment it takes back, and reversed for the EHR.
      const returns = app.store.db
        .prepare('SELECT event_id AS eventId, reversal_event_id AS reversalEventId FROM echeck_returns')
        .all() as { eventId: number | null; reversalEventId: number | null }[];
      expect(returns).toHaveLength(1);
      expect(returns[0]?.eventId).not.toBeNull();
      expect(returns[0]?.reversalEventId).not.toBeNull();
      // The chargeback is linked to the payment it takes back.
      const cases = app.store.db
        .prepare('SELECT event_id AS eventId, amount_minor AS amountMinor FROM chargebacks')
        .all() as {
        eventId: number | null;
        amountMinor: number;
      }[];
      expect(cases).toHaveLength(1);
      expect(cases[0]?.eventId).not.toBeNull();

      // The processor's own figures, from what it funded (not from Clearpost).
      const rows = days.flatMap((d) => d.funding);
      const sum = (kind: string) =>
        rows.filter((r) => r.kind === kind).reduce((s, r) => s + Math.abs(r.amountMinor), 0);
      const fees = rows.reduce(
        (s, r) => s + sandboxFees(r.kind, r.tender, Math.abs(r.amountMinor)).totalMinor,
        0,
      );
      const expected = {
        payments: sum('purchase'),
        refunds: sum('refund'),
        chargebacks: sum('chargeback'),
        returns: sum('return'),
        fees,
      };
      expect(expected.returns).toBeGreaterThan(0);
      const funding =
        expected.payments - expected.refunds - expected.chargebacks - expected.returns - expected.fees;

      clock.advance(Date.UTC(2025, 3, 5, 15) - clock.now());
      const month = { from: '2025-03-01', to: '2025-03-31', asOf: '2025-04-05', timeZone: ZONE };
      const before = balanceCash(app.repos, month);
      const needsPerson = before.variances.filter((v) =>
        [
          'missing_deposit',
          'short_deposit',
          'unidentified_deposit',
          'not_in_clearpost',
          'amount_mismatch',
          'not_funded',
          'unreconciled',
        ].includes(v.cause),
      );
      expect(needsPerson.length).toBeGreaterThan(0);
      expect(before.unexplained).toBe(needsPerson.length);
      for (const v of needsPerson)
        expect(v.subject === `batch ${first?.shortBatchId ?? ''}` || v.detail.includes('LESS WIRE FEE')).toBe(
          true,
        );
      const close = { scope: '*', month: '2025-03', actor: 'sup-a', timeZone: ZONE };
      expect(() => prepareClose(close, { db: app.store.db, repos: app.repos, clock })).toThrow(CloseError);

      // The supervisor matches the short deposit to its batch, saying why they differ.
      const deposit = app.repos.cashMatching
        .unmatchedDeposits(month.from, month.to)
        .find((d) => d.text.includes('LESS WIRE FEE'));
      const batch = app.repos.cashMatching
        .unmatchedBatches(month.from, month.to)
        .find((b) => b.batchId === first?.shortBatchId);
      expect(deposit && batch).toBeTruthy();
      matchByHand(
        {
          depositIds: [deposit?.id ?? 0],
          batchIds: [batch?.id ?? 0],
          actor: 'sup-a',
          note: 'the bank kept a wire fee',
        },
        { db: app.store.db, repos: app.repos, clock },
      );

      const after = balanceCash(app.repos, month);
      expect(after.unexplained).toBe(0);
      expect(
        after.variances.filter((v) => v.leg !== 'payments_ehr').map((v) => [v.cause, v.amountMinor]),
      ).toEqual([['accepted_difference', -SANDBOX_BANK_FEE_MINOR]]);
      const usd = after.currencies.USD;
      expect(usd).toMatchObject({ ...expected, funding, bank: funding - SANDBOX_BANK_FEE_MINOR });
      expect(expected.fees).toBeGreaterThan(0);
      // Every facility that took card or eCheck money has its row; the fee the bank kept is nobody's.
      const facilities = new Set(rows.map((r) => r.organizationId));
      const attributed = after.byFacility.filter((r) => r.facility !== null);
      expect(new Set(attributed.map((r) => r.merchantId))).toEqual(facilities);
      expect(after.byFacility.filter((r) => r.facility === null).map((r) => r.lines.bank)).toEqual([
        -SANDBOX_BANK_FEE_MINOR,
      ]);
      const prepared = prepareClose(close, { db: app.store.db, repos: app.repos, clock });
      expect(prepared.state).toBe('prepared');
    } finally {
      await app.close();
    }

    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [
        'export',
        'cash',
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-31',
        '--out',
        tempDir(),
        '--as-of',
        '2025-04-05',
        '--time-zone',
        ZONE,
        '--data-dir',
        dataDir,
      ],
      { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(out[0] ?? '{}')).toMatchObject({
      unexplained: 0,
      variances: expect.any(Number) as number,
    });
  }, 120_000);
});
