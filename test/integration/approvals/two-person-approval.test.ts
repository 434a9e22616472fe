/**
 * Two-person approval over a real store and the real dispatcher: a manual entry above its enterer's threshold,
 * and every reversal entered by hand, is stored with its posting held (the posting's own hold) until a different
 * person with an approving role approves it, or rejects it with a note. The enterer can neither approve it nor
 * release the hold; the store refuses the same person too. Each step is audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import type { ApprovalSettings } from '../../../src/main/approvals/approval-settings';
import type { Caller } from '../../../src/main/api/dispatcher';
import { dispatchOk, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const olive: Caller = { actor: 'olive.operator', transport: 'test' as const, role: 'operator' as const };
const owen: Caller = { actor: 'owen.operator', transport: 'test' as const, role: 'operator' as const };
const sam: Caller = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
const alex: Caller = { actor: 'alex.supervisor', transport: 'test' as const, role: 'supervisor' as const };

let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function start(approvals: Partial<ApprovalSettings> = {}): Promise<ClearpostApp> {
  const a = await testApp(tempDir());
  app = a;
  const s = a.settings.get();
  a.settings.save({ ...s, approvals: { ...s.approvals, ...approvals } });
  return a;
}

let receipt = 0;
const entry = (amount: string, kind: 'one_time_payment' | 'refund' | 'void' = 'one_time_payment') => ({
  processorTxnId: `RCPT-${String((receipt += 1))}`,
  kind,
  tender: 'cash' as const,
  amount,
  ehr: 'epic' as const,
  facility: 'MAIN',
  guarantorAccount: 'G100200',
});

async function enter(a: ClearpostApp, form: ReturnType<typeof entry>, who = olive) {
  const result = await dispatchOk(a, 'payments.enterManual', form, who);
  a.engine.admitQueued();
  const posting = a.repos.postings.forEvent(result.eventId);
  if (!posting) throw new Error('no posting after admission');
  return { ...result, posting, approval: a.repos.approvals.forEvent(result.eventId) };
}

const fail = async (
  a: ClearpostApp,
  name: 'approvals.decide' | 'postings.hold',
  args: object,
  who: Caller,
) => {
  const out = await a.dispatch(name, args, who);
  if (out.ok) throw new Error(`${name} was expected to be refused`);
  return out.error;
};

describe('what is refused', () => {
  it('the enterer may not approve their own entry, nor release its hold; the store refuses it too', async () => {
    const a = await start();
    const { approval, posting } = await enter(a, entry('6000.00'), sam);
    expect(approval).toMatchObject({ state: 'pending', why: 'above_threshold', thresholdMinor: 500_000 });
    expect(posting.held).toBe(true);

    const own = await fail(a, 'approvals.decide', { id: approval?.id, decision: 'approve' }, sam);
    expect(own).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('a second person') as string,
    });
    const release = await fail(a, 'postings.hold', { id: posting.id, held: false }, sam);
    expect(release).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('approval') as string,
    });
    expect(a.repos.postings.get(posting.id)?.held).toBe(true);

    // Below the code: the guarded UPDATE matches nothing, and a direct write breaks the CHECK.
    const id = approval?.id ?? 0;
    expect(a.repos.approvals.decide(id, { state: 'approved', actor: sam.actor, note: null }, 1)).toBe(false);
    expect(() =>
      a.store.db
        .prepare(
          "UPDATE approvals SET state = 'approved', decided_by = requested_by, decided_at = 1 WHERE id = ?",
        )
        .run(id),
    ).toThrow(/CHECK constraint failed/);
    expect(a.repos.approvals.get(id)?.state).toBe('pending');
    expect(a.repos.audit.withAction('approval.approved')).toEqual([]);
  });

  it('a role Settings does not name may not approve; a rejection needs a note; a decision is made once', async () => {
    const a = await start();
    const { approval } = await enter(a, entry('40.00', 'refund'));
    expect(approval).toMatchObject({ state: 'pending', why: 'reversal', thresholdMinor: null });
    const id = approval?.id ?? 0;
    expect(await fail(a, 'approvals.decide', { id, decision: 'approve' }, owen)).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('operator role may not approve') as string,
    });
    expect(await fail(a, 'approvals.decide', { id, decision: 'reject', note: '  ' }, alex)).toMatchObject({
      code: 'invalid_arguments',
    });
    await dispatchOk(a, 'approvals.decide', { id, decision: 'approve' }, alex);
    expect(await fail(a, 'approvals.decide', { id, decision: 'reject', note: 'late' }, sam)).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already approved by alex.supervisor') as string,
    });
    expect(await fail(a, 'approvals.decide', { id: 9_999, decision: 'approve' }, alex)).toMatchObject({
      code: 'not_found',
    });
  });
});

describe('what needs a second person', () => {
  it("per role: an operator's entry above 1,000.00 and a supervisor's above 5,000.00; every reversal", async () => {
    const a = await start();
    expect((await enter(a, entry('1000.00'))).posting.held).toBe(false);
    expect((await enter(a, entry('1000.01'))).posting.held).toBe(true);
    expect((await enter(a, entry('4999.00'), sam)).posting.held).toBe(false);
    expect((await enter(a, entry('5000.01'), sam)).posting.held).toBe(true);
    expect((await enter(a, entry('0.50', 'void'))).approval?.why).toBe('reversal');
    // An amount in a currency the thresholds are not in is never waved through.
    const gbp = await dispatchOk(a, 'payments.enterManual', { ...entry('1.00'), currency: 'GBP' }, sam);
    expect(a.repos.approvals.forEvent(gbp.eventId)).toMatchObject({
      why: 'other_currency',
      state: 'pending',
    });
    expect(gbp.awaitingApproval).toBe(true);
    // Settings decide: reversals off, no amount threshold for supervisors.
    const s = a.settings.get();
    a.settings.save({
      ...s,
      approvals: {
        ...s.approvals,
        reversals: false,
        thresholdsMinor: { ...s.approvals.thresholdsMinor, supervisor: null },
      },
    });
    expect((await enter(a, entry('9000.00'), sam)).posting.held).toBe(false);
    expect((await enter(a, entry('25.00', 'refund'))).posting.held).toBe(false);
  });
});

describe('the decision', () => {
  it('approval by a second person releases the hold; listed, audited and noted', async () => {
    const a = await start({ approverRoles: ['operator', 'supervisor'] });
    const { approval, posting } = await enter(a, entry('2500.00'));
    const list = await dispatchOk(a, 'approvals.list', {}, owen);
    expect(list).toMatchObject({
      canApprove: true,
      pending: [
        { id: approval?.id, requestedBy: 'olive.operator', amountMinor: 250_000, postingId: posting.id },
      ],
    });
    expect((await dispatchOk(a, 'approvals.list', {}, { ...owen, role: 'viewer' as const })).canApprove).toBe(
      false,
    );

    const decided = await dispatchOk(
      a,
      'approvals.decide',
      { id: approval?.id ?? 0, decision: 'approve' },
      owen,
    );
    expect(decided).toMatchObject({ state: 'approved', decidedBy: 'owen.operator' });
    expect(a.repos.postings.get(posting.id)).toMatchObject({ held: false, status: 'will_not_be_sent' });
    expect((await dispatchOk(a, 'approvals.list', {}, owen)).pending).toEqual([]);
    expect(a.repos.audit.withAction('approval.requested')).toMatchObject([
      { actor: 'olive.operator', subjectId: String(posting.eventId) },
    ]);
    expect(a.repos.audit.withAction('approval.approved')).toMatchObject([
      { actor: 'owen.operator', details: { requestedBy: 'olive.operator', released: true } },
    ]);
    expect(a.repos.notes.forPosting(posting.id).map((n) => n.body)).toEqual([
      expect.stringContaining('Held for two-person approval: entered by olive.operator') as string,
    ]);
  });

  it('rejection keeps the posting held for good with the note as its reason; no one can release it', async () => {
    const a = await start();
    const { approval, posting } = await enter(a, entry('75.00', 'refund'));
    await dispatchOk(
      a,
      'approvals.decide',
      { id: approval?.id ?? 0, decision: 'reject', note: 'Refund already issued by check 1042.' },
      alex,
    );
    expect(a.repos.postings.get(posting.id)).toMatchObject({
      held: true,
      reasonCode: 'approval_rejected',
      reason: 'Rejected in two-person approval by alex.supervisor: Refund already issued by check 1042.',
    });
    expect(await fail(a, 'postings.hold', { id: posting.id, held: false }, alex)).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('rejected') as string,
    });
  });

  it('decided before the engine admits the entry: the posting is created free, or held as rejected', async () => {
    const a = await start();
    const approved = await dispatchOk(a, 'payments.enterManual', entry('3000.00'), olive);
    const rejected = await dispatchOk(a, 'payments.enterManual', entry('3100.00'), olive);
    const idOf = (eventId: number) => a.repos.approvals.forEvent(eventId)?.id ?? 0;
    expect(a.repos.postings.forEvent(approved.eventId)).toBeUndefined();
    await dispatchOk(a, 'approvals.decide', { id: idOf(approved.eventId), decision: 'approve' }, sam);
    await dispatchOk(
      a,
      'approvals.decide',
      { id: idOf(rejected.eventId), decision: 'reject', note: 'Typo' },
      sam,
    );
    a.engine.admitQueued();
    expect(a.repos.postings.forEvent(approved.eventId)?.held).toBe(false);
    expect(a.repos.postings.forEvent(rejected.eventId)).toMatchObject({
      held: true,
      reasonCode: 'approval_rejected',
    });
  });
});

describe('Settings › Approvals and › Measures', () => {
  it('refuse no approving role, a role named twice, an unknown currency and a rate above 100 %, naming each', async () => {
    const a = await start();
    const s = a.settings.get();
    const refused = await a.dispatch(
      'settings.save',
      {
        settings: {
          ...s,
          approvals: { ...s.approvals, approverRoles: [], currency: 'XYZ' },
          measures: { ...s.measures, autoPostingRatePercent: 101 },
        },
      },
      sam,
    );
    expect(refused.ok).toBe(false);
    const paths = refused.ok ? [] : (refused.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'approvals.approverRoles',
        'approvals.currency',
        'measures.autoPostingRatePercent',
      ]),
    );
    const twice = await a.dispatch(
      'settings.save',
      { settings: { ...s, approvals: { ...s.approvals, approverRoles: ['supervisor', 'supervisor'] } } },
      sam,
    );
    expect(twice).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('named twice') as string },
    });
    // Nothing was saved: the approvals still hold as they were.
    expect(a.settings.get().approvals).toEqual(s.approvals);
  });
});
