/**
 * Month close, the rest: a closed month is reopened only by two supervisors (one asks with a reason, another
 * approves; the store refuses the same person too), the month closed again gets a new package and the earlier
 * one is marked superseded (and still verifies), and a late payment held for the closed month, once released,
 * counts in the open month's balance and never in the closed one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyClosePackage } from '../../../src/main/reconciliation/close/close-package';
import { approveClose, prepareClose } from '../../../src/main/reconciliation/close/close-period';
import { approveReopen, requestReopen } from '../../../src/main/reconciliation/close/reopen-period';
import { balanceCash } from '../../../src/main/reconciliation/cash/cash-balance';
import { dispatchOk } from '../../helpers/app';
import { closeRefusal, latePayment, MARCH, useMarchClose, ZONE } from '../../helpers/march-close';

const { closedMarch } = useMarchClose();

describe('reopening a closed month takes two supervisors', () => {
  it('refuses a month not closed, a reopening without a reason, a second request, and the asker as approver', async () => {
    const { a, deps } = await closedMarch();
    expect(
      closeRefusal(() => requestReopen({ ...MARCH, month: '2025-02', actor: 'sam', reason: 'x' }, deps)),
    ).toMatchObject({
      refusal: 'not_closed',
    });
    expect(closeRefusal(() => requestReopen({ ...MARCH, actor: 'sam', reason: '  ' }, deps)).refusal).toBe(
      'invalid',
    );
    expect(closeRefusal(() => approveReopen({ ...MARCH, actor: 'alex' }, deps)).refusal).toBe('not_prepared');
    requestReopen({ ...MARCH, actor: 'sam', reason: 'Deposit A was booked to the wrong account.' }, deps);
    expect(
      closeRefusal(() => requestReopen({ ...MARCH, actor: 'alex', reason: 'again' }, deps)),
    ).toMatchObject({
      refusal: 'already_requested',
      message: expect.stringContaining('sam already asked') as string,
    });
    expect(closeRefusal(() => approveReopen({ ...MARCH, actor: 'sam' }, deps))).toMatchObject({
      refusal: 'same_person',
      message: 'sam asked to reopen this month; a second supervisor must approve it.',
    });
    // The store refuses it below the code: the guarded UPDATE, then the CHECK.
    const period = a.repos.periodClose.get('*', '2025-03');
    const open = a.repos.periodClose.openReopening(period?.id ?? 0);
    expect(a.repos.periodClose.approveReopen(open?.id ?? 0, period?.id ?? 0, 'sam', 1)).toBe(false);
    expect(() =>
      a.store.db
        .prepare('UPDATE close_reopenings SET approved_by = requested_by, approved_at = 1 WHERE id = ?')
        .run(open?.id ?? 0),
    ).toThrow(/CHECK constraint failed/);
    expect(a.repos.periodClose.get('*', '2025-03')?.state).toBe('approved');
    expect(a.repos.audit.withAction('cash.close.reopened')).toEqual([]);
  });

  it('reopened: late payments are no longer held; closed again: a new package, the earlier one superseded', async () => {
    const { a, deps, closed } = await closedMarch();
    requestReopen({ ...MARCH, actor: 'sam', reason: 'Deposit A was booked to the wrong account.' }, deps);
    const reopened = approveReopen({ ...MARCH, actor: 'alex' }, deps);
    expect(reopened).toMatchObject({ state: 'reopened', revision: 2, approvedBy: null, packageDir: null });
    expect(a.repos.audit.withAction('cash.close.reopened')).toMatchObject([
      { actor: 'alex', details: { requestedBy: 'sam', packageSha256: closed.manifestSha256 } },
    ]);
    expect(closeRefusal(() => approveClose({ ...MARCH, actor: 'alex' }, deps)).refusal).toBe('not_prepared');

    const stored = a.intake.enter(latePayment('MARCH-LATE', Date.UTC(2025, 2, 30, 15)), 'test');
    a.engine.admitQueued();
    const eventId = stored.outcome === 'stored' ? stored.eventId : -1;
    expect(a.repos.postings.forEvent(eventId)?.held).toBe(false);

    prepareClose({ ...MARCH, actor: 'alex' }, deps);
    const again = approveClose({ ...MARCH, actor: 'sam' }, deps);
    expect(again).toMatchObject({ state: 'approved', revision: 2, preparedBy: 'alex', approvedBy: 'sam' });
    expect(again.packageDir).toBe(join(deps.reportsDir, 'close-2025-03-all-r2'));
    const oldDir = closed.packageDir ?? '';
    const marker = JSON.parse(readFileSync(join(oldDir, 'superseded.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(marker).toMatchObject({ supersededBy: again.packageDir, manifestSha256: again.manifestSha256 });
    // Both packages verify; the earlier one says what superseded it.
    expect(verifyClosePackage(oldDir, a.repos.audit)).toMatchObject({
      ok: true,
      supersededBy: again.packageDir,
    });
    expect(verifyClosePackage(again.packageDir ?? '', a.repos.audit)).toMatchObject({ ok: true });
    expect(verifyClosePackage(again.packageDir ?? '', a.repos.audit).supersededBy).toBeUndefined();
    const period = a.repos.periodClose.get('*', '2025-03');
    expect(a.repos.periodClose.reopenings(period?.id ?? 0)).toMatchObject([
      {
        requestedBy: 'sam',
        approvedBy: 'alex',
        supersededByDir: again.packageDir,
        manifestSha256: closed.manifestSha256,
      },
    ]);
    expect(a.repos.audit.withAction('cash.close.package_superseded')).toMatchObject([
      { actor: 'sam', details: { supersededSha256: closed.manifestSha256, bySha256: again.manifestSha256 } },
    ]);
    expect(existsSync(join(oldDir, 'manifest.json'))).toBe(true);
  });

  it('the console commands: a supervisor asks, another approves, the list shows the request then the reopening', async () => {
    const { a } = await closedMarch();
    const sam = { actor: 'sam', transport: 'test' as const, role: 'supervisor' as const };
    const alex = { actor: 'alex', transport: 'test' as const, role: 'supervisor' as const };
    const olive = { actor: 'olive', transport: 'test' as const, role: 'operator' as const };
    const period = { scope: '*', month: '2025-03' };
    expect(await a.dispatch('cash.close.requestReopen', { ...period, reason: 'x' }, olive)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const asked = await dispatchOk(
      a,
      'cash.close.requestReopen',
      { ...period, reason: 'Wrong account' },
      sam,
    );
    expect(asked).toMatchObject({
      state: 'approved',
      reopenRequest: { requestedBy: 'sam', reason: 'Wrong account' },
    });
    expect(await a.dispatch('cash.close.approveReopen', period, sam)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatchOk(a, 'cash.close.approveReopen', period, alex)).toMatchObject({
      state: 'reopened',
      revision: 2,
      reopenRequest: null,
    });
  });
});

describe('a late payment released from a closed month', () => {
  it('counts in the open month from its release, never in the closed figures; audited', async () => {
    const { a, clock } = await closedMarch();
    const march = { from: '2025-03-01', to: '2025-03-31', asOf: '2025-04-02', timeZone: ZONE };
    const april = { from: '2025-04-01', to: '2025-04-30', asOf: '2025-04-02', timeZone: ZONE };
    const marchBefore = balanceCash(a.repos, march);
    const stored = a.intake.enter(latePayment('LATE1', Date.UTC(2025, 2, 31, 20)), 'test');
    a.engine.admitQueued();
    const eventId = stored.outcome === 'stored' ? stored.eventId : -1;
    const posting = a.repos.postings.forEvent(eventId);
    expect(posting?.held).toBe(true);
    expect(balanceCash(a.repos, april).currencies.USD?.payments ?? 0).toBe(0);

    clock.advance(3_600_000);
    // Releasing it moves money into the open month: a supervisor's command. An operator is refused, and
    // nothing moves (holding and releasing other postings stays an operator's: access/roles.test.ts).
    const byOperator = await a.dispatch(
      'postings.hold',
      { id: posting?.id ?? 0, held: false },
      { actor: 'pat', transport: 'test', role: 'operator' },
    );
    expect(byOperator).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(a.repos.postings.get(posting?.id ?? 0)?.held).toBe(true);
    expect(a.repos.audit.withAction('close.late_event_released')).toEqual([]);
    expect(balanceCash(a.repos, april).currencies.USD?.payments ?? 0).toBe(0);

    const released = await dispatchOk(
      a,
      'postings.hold',
      { id: posting?.id ?? 0, held: false },
      { actor: 'sam', transport: 'test', role: 'supervisor' },
    );
    expect(released.held).toBe(false);
    const marchAfter = balanceCash(a.repos, march);
    expect(marchAfter.currencies).toEqual(marchBefore.currencies);
    expect(marchAfter.variances).toEqual(marchBefore.variances);
    expect(marchAfter.lateEvents).toEqual([]);
    const aprilAfter = balanceCash(a.repos, april);
    expect(aprilAfter.currencies.USD?.payments).toBe(5_000);
    // Dated by its release (2 April), its funding may still come: explained, not unexplained.
    expect(aprilAfter.variances).toContainEqual(
      expect.objectContaining({ cause: 'awaiting_funding', subject: 'payment LATE1', amountMinor: -5_000 }),
    );
    expect(aprilAfter.unexplained).toBe(0);
    expect(a.repos.audit.withAction('close.late_event_released')).toMatchObject([
      {
        actor: 'sam',
        subjectId: String(posting?.id),
        details: { closedMonth: '2025-03', countedFrom: clock.now() },
      },
    ]);
    const period = a.repos.periodClose.get('*', '2025-03');
    expect(a.repos.periodClose.lateOf(period?.id ?? 0)).toEqual([]);
  });
});
