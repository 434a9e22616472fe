/**
 * The month-end close commands through the real dispatcher and a real app: an operator may list but not
 * prepare; a month with an unexplained variance is refused; the preparer cannot approve; a second supervisor
 * approves, the package lands in the reports folder and verifies against the audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import { verifyClosePackage } from '../../../src/main/reconciliation/close/close-package';
import { dispatchOk, fakeClock, testApp } from '../../helpers/app';
import { depositInto, fundInto } from '../../helpers/cash-seed';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const sam: Caller = { actor: 'sam.supervisor', transport: 'test', role: 'supervisor' };
const alex: Caller = { actor: 'alex.supervisor', transport: 'test', role: 'supervisor' };
const pat: Caller = { actor: 'pat.billing', transport: 'test', role: 'operator' };
const MARCH = { scope: '*', month: '2025-03' };

let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function month(): Promise<ClearpostApp> {
  const clock = fakeClock(Date.UTC(2025, 3, 2, 15));
  const a = await testApp(tempDir(), clock);
  const at = Date.UTC(2025, 2, 3, 15);
  seedPosting(a.repos, 'success', { processorTxnId: 'P1', amountMinor: 100_000, transactionAt: at }, at);
  fundInto(
    a.repos,
    a.store.db,
    [
      {
        requestId: 'P1',
        batchId: 'A',
        fundingDate: '2025-03-04',
        amountMinor: 100_000,
        totalFeeMinor: 2_000,
      },
    ],
    clock.now(),
  );
  return a;
}

describe('close commands refuse what they must', () => {
  it('an operator cannot prepare; an unbalanced month is refused; the preparer cannot approve', async () => {
    app = await month();
    expect(await app.dispatch('cash.close.prepare', MARCH, pat)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Batch A has no deposit yet: a missing deposit is unexplained.
    expect(await app.dispatch('cash.close.prepare', MARCH, sam)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('1 unexplained variance') as string },
    });
    expect(await app.dispatch('cash.close.prepare', { scope: '*', month: '2025-3' }, sam)).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(await app.dispatch('cash.close.approve', MARCH, alex)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    depositInto(app.repos, app.store.db, [{ bookingDate: '2025-03-05', amountMinor: 98_000 }], Date.now());
    await dispatchOk(app, 'cash.runMatching', { from: '2025-03-01', to: '2025-03-31' }, pat);
    expect(await dispatchOk(app, 'cash.close.prepare', MARCH, sam)).toMatchObject({
      state: 'prepared',
      preparedBy: 'sam.supervisor',
      approvedBy: null,
    });
    expect(await app.dispatch('cash.close.approve', MARCH, sam)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('a second supervisor') as string },
    });
  });
});

describe('a second supervisor closes the month', () => {
  it('approves, the package is in the reports folder and verifies; the list shows it to everyone', async () => {
    app = await month();
    depositInto(app.repos, app.store.db, [{ bookingDate: '2025-03-05', amountMinor: 98_000 }], Date.now());
    await dispatchOk(app, 'cash.runMatching', { from: '2025-03-01', to: '2025-03-31' }, pat);
    await dispatchOk(app, 'cash.close.prepare', MARCH, sam);
    const closed = await dispatchOk(app, 'cash.close.approve', MARCH, alex);
    expect(closed).toMatchObject({ state: 'approved', approvedBy: 'alex.supervisor', lateEvents: 0 });
    expect(closed.packageDir).toMatch(/close-2025-03-all$/);
    expect(verifyClosePackage(closed.packageDir ?? '', app.repos.audit)).toMatchObject({ ok: true });
    expect(await dispatchOk(app, 'cash.close.list', {}, pat)).toEqual([closed]);
    expect(await app.dispatch('cash.close.approve', MARCH, alex)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(app.repos.audit.withAction('cash.close.prepared').map((e) => e.actor)).toEqual(['sam.supervisor']);
    expect(app.repos.audit.withAction('cash.close.approved').map((e) => e.actor)).toEqual([
      'alex.supervisor',
    ]);
  });
});
