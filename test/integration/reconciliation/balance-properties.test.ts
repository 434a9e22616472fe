/**
 * Issue 18, "done when" (property): for random days of events (every kind, status and tender, three
 * currencies, declines included) and a random EHR side (posted under the id sent, missing, posted twice, at
 * another amount, listed under the bare processor id), every export's net total equals the store's money movement for that day and
 * facility to the cent, the variances explain the whole difference between the sides, and every variance has
 * a known cause.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBalanceFiles } from '../../../src/main/reconciliation/balance-export';
import { balanceDay, VARIANCE_CAUSES } from '../../../src/main/reconciliation/balancing';
import type { EhrSideEntry } from '../../../src/main/reconciliation/ehr-side';
import { sentIdOf } from '../../../src/main/reconciliation/sent-ids';
import { EVENT_KINDS, POSTING_STATUSES, TENDERS } from '../../../src/shared/domain';
import { parseMinor } from '../../../src/shared/money';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness, storeSum } from './harness';

const tempDir = useTempDirs();
let h: Awaited<ReturnType<typeof reportHarness>>;
let root: string;
beforeAll(async () => {
  root = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'clearpost-bal-'));
  h = await reportHarness(root);
});
afterAll(async () => {
  await h.app.close();
  (await import('node:fs')).rmSync(root, { recursive: true, force: true });
});

const requester = { trigger: 'cli', actor: 'test' } as const;
const CURRENCIES = ['USD', 'JPY', 'KWD'] as const;
const DAY = '2026-11-22';

const txArb = fc.record({
  status: fc.constantFrom(...POSTING_STATUSES),
  kind: fc.constantFrom(...EVENT_KINDS),
  tender: fc.constantFrom(...TENDERS),
  currency: fc.constantFrom(...CURRENCIES),
  // Up to the default intake ceiling: a day of them must still total exactly.
  amount: fc.integer({ min: 1, max: 1_000_000_000 }),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  ehr: fc.constantFrom('posted', 'posted', 'missing', 'twice', 'other_amount', 'bare_id'),
});

let run = 0;
describe('money balances (property-based)', () => {
  it('Σ export net = Σ store movement per facility and currency; variances explain the sides; no unknown cause', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(txArb, { minLength: 0, maxLength: 30 }), async (txs) => {
        run += 1;
        const facility = `B${String(run)}`;
        const side: EhrSideEntry[] = [];
        const clean = new Set<string>();
        h.app.store.db.transaction(() => {
          for (const tx of txs) {
            const { event } = h.seed(tx.status, {
              facility,
              kind: tx.kind,
              tender: tx.tender,
              currency: tx.currency,
              amountMinor: tx.amount,
              transactionAt: Date.UTC(2026, 10, 22, 6, 0) + tx.minute * 60_000,
            });
            const entry = (externalId: string, amountMinor = tx.amount): EhrSideEntry => ({
              externalId,
              kind: tx.kind,
              amountMinor,
              currency: tx.currency,
              ehrReference: `R-${externalId}`,
              day: DAY,
            });
            const sent = sentIdOf(event);
            if (tx.ehr === 'posted') side.push(entry(sent));
            if (tx.ehr === 'posted' && tx.status !== 'declined') clean.add(event.processorTxnId);
            if (tx.ehr === 'bare_id') side.push(entry(event.processorTxnId));
            if (tx.ehr === 'twice') side.push(entry(sent), entry(sent));
            if (tx.ehr === 'other_amount') side.push(entry(sent, tx.amount + 1));
          }
        })();
        const out = tempDir();
        const [detail] = await h
          .service()
          .exportTabular({ kind: 'detail', date: DAY, facility, format: 'csv', outDir: out }, requester);
        const balance = balanceDay(h.app.store.db, h.zones, { date: DAY, facility }, side);
        const [variancesFile] = await writeBalanceFiles(balance, 'csv', out);
        const variances = parse<Record<string, string>>(readFileSync(variancesFile?.path ?? ''), {
          columns: true,
        });

        for (const currency of CURRENCIES) {
          const moved = storeSum(h.app, 'e.facility = ? AND e.currency = ?', [facility, currency]);
          const hasRows = txs.some((t) => t.currency === currency);
          expect(detail?.totalsMinor[currency] ?? 0).toBe(hasRows ? moved.amountMinor : 0);
          expect(balance.processor[currency]?.amountMinor ?? 0).toBe(moved.amountMinor);
          // The variance file's differences are the whole gap between the processor and the EHR.
          const gap =
            (balance.processor[currency]?.amountMinor ?? 0) - (balance.ehr[currency]?.amountMinor ?? 0);
          const explained = variances
            .filter((v) => v.Currency === currency)
            .reduce((sum, v) => sum + parseMinor(v.Difference ?? '', currency), 0);
          expect(explained).toBe(gap);
        }
        expect(
          variances.map((v) => v['Cause code']).filter((c) => !VARIANCE_CAUSES.includes(c as never)),
        ).toEqual([]);
        expect(variances.map((v) => v.Cause).filter((c) => !c || /unknown/i.test(c))).toEqual([]);
        // Posted under the id sent and at its amount: never a variance, whatever Clearpost's status says.
        expect(balance.variances.filter((v) => clean.has(v.processorTxnId))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
