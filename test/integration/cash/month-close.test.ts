/**
 * Month-end close over a real store: refused while the month has unexplained variance, refused to the
 * preparer as approver (maker-checker), then approved by a second supervisor, which locks the month (a late
 * payment for it is stored, held and flagged, and moves no closed figure) and writes a close package that
 * verifies against the audit log, and fails once a file in it is changed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { approveClose, prepareClose } from '../../../src/main/reconciliation/close/close-period';
import { verifyClosePackage } from '../../../src/main/reconciliation/close/close-package';
import { balanceCash } from '../../../src/main/reconciliation/cash/cash-balance';
import { importCashFile } from '../../../src/main/reconciliation/funding/import-cash-file';
import { closeRefusal, latePayment, MARCH, useMarchClose, ZONE } from '../../helpers/march-close';
import { useTempDirs } from '../../helpers/temp-dir';

const { march } = useMarchClose();
const tempDir = useTempDirs();

describe('a month is not closed on an unexplained balance, nor by one person alone', () => {
  it('refuses to prepare a month with a missing deposit, and records nothing', async () => {
    const { a, deps } = await march(false);
    expect(closeRefusal(() => prepareClose({ ...MARCH, actor: 'sam' }, deps))).toMatchObject({
      refusal: 'unbalanced',
      message: expect.stringContaining('1 unexplained variance') as string,
    });
    expect(a.repos.periodClose.list()).toEqual([]);
    expect(a.repos.audit.withAction('cash.close.prepared')).toEqual([]);
  });

  it('refuses a month not over yet, an unprepared approval, and the preparer as approver', async () => {
    const { a, deps } = await march(true);
    expect(closeRefusal(() => prepareClose({ ...MARCH, month: '2025-04', actor: 'sam' }, deps)).refusal).toBe(
      'invalid',
    );
    expect(closeRefusal(() => prepareClose({ ...MARCH, month: '2025-13', actor: 'sam' }, deps)).refusal).toBe(
      'invalid',
    );
    expect(closeRefusal(() => approveClose({ ...MARCH, actor: 'alex' }, deps)).refusal).toBe('not_prepared');
    prepareClose({ ...MARCH, actor: 'sam' }, deps);
    expect(closeRefusal(() => approveClose({ ...MARCH, actor: 'sam' }, deps))).toMatchObject({
      refusal: 'same_person',
      message: 'sam prepared this close; a second supervisor must approve it.',
    });
    expect(a.repos.periodClose.get('*', '2025-03')).toMatchObject({ state: 'prepared', approvedBy: null });
    // The store refuses it too, below the code above: by the update's condition and by a CHECK constraint.
    const id = a.repos.periodClose.get('*', '2025-03')?.id ?? 0;
    expect(a.repos.periodClose.approve(id, 'sam', 1)).toBe(false);
    expect(() =>
      a.store.db
        .prepare(
          "UPDATE close_periods SET state = 'approved', approved_by = prepared_by, approved_at = 1 WHERE id = ?",
        )
        .run(id),
    ).toThrow(/CHECK constraint failed/);
    expect(a.repos.periodClose.get('*', '2025-03')?.state).toBe('prepared');
  });
});

describe('an approved month is locked and packaged', () => {
  it('holds and flags a late payment of the closed month; the closed figures do not move', async () => {
    const { a, deps } = await march(true);
    prepareClose({ ...MARCH, actor: 'sam' }, deps);
    const closed = approveClose({ ...MARCH, actor: 'alex' }, deps);
    expect(closed).toMatchObject({ state: 'approved', preparedBy: 'sam', approvedBy: 'alex' });
    expect(closeRefusal(() => prepareClose({ ...MARCH, actor: 'sam' }, deps)).refusal).toBe('already_closed');
    const range = { from: '2025-03-01', to: '2025-03-31', asOf: '2025-04-02', timeZone: ZONE };
    const before = balanceCash(a.repos, range);

    const inMarch = a.intake.enter(latePayment('LATE1', Date.UTC(2025, 2, 31, 20)), 'test');
    const inApril = a.intake.enter(latePayment('APRIL1', Date.UTC(2025, 3, 1, 15)), 'test');
    expect(inMarch.outcome).toBe('stored');
    expect(inApril.outcome).toBe('stored');
    a.engine.admitQueued();
    const idOf = (r: typeof inMarch) => (r.outcome === 'stored' ? r.eventId : -1);
    const heldPosting = a.repos.postings.forEvent(idOf(inMarch));
    expect(heldPosting).toMatchObject({ held: true });
    expect(a.repos.postings.forEvent(idOf(inApril))).toMatchObject({ held: false });
    expect(a.repos.audit.withAction('close.late_event_held')).toMatchObject([
      { subjectId: String(heldPosting?.id), details: { month: '2025-03', scope: '*' } },
    ]);

    const after = balanceCash(a.repos, range);
    expect(after.currencies).toEqual(before.currencies);
    expect(after.variances).toEqual(before.variances);
    expect(after.unexplained).toBe(0);
    expect(after.lateEvents).toEqual([
      {
        eventId: idOf(inMarch),
        processorTxnId: 'LATE1',
        facility: 'MAIN',
        currency: 'USD',
        amountMinor: 5_000,
        month: '2025-03',
      },
    ]);
  });

  it('writes a package that verifies, and fails once a file in it or its manifest is changed', async () => {
    const { a, deps } = await march(true);
    prepareClose({ ...MARCH, actor: 'sam' }, deps);
    const closed = approveClose({ ...MARCH, actor: 'alex' }, deps);
    const dir = closed.packageDir ?? '';
    expect(dir).toBe(join(deps.reportsDir, 'close-2025-03-all'));

    const ok = verifyClosePackage(dir, a.repos.audit);
    expect(ok).toMatchObject({ ok: true, problems: [], manifestSha256: closed.manifestSha256 });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      scope: '*',
      month: '2025-03',
      preparedBy: 'sam',
      approvedBy: 'alex',
      auditAnchor: { id: a.repos.audit.withAction('cash.close.approved')[0]?.id },
    });
    // Both statements and the funding file of the month, by their recorded hashes.
    expect((manifest.periodFiles as unknown[]).length).toBe(2);
    expect(a.repos.audit.withAction('cash.close.packaged')).toMatchObject([
      { actor: 'alex', details: { manifestSha256: closed.manifestSha256 } },
    ]);

    const balancePath = join(dir, 'balance.json');
    writeFileSync(
      balancePath,
      readFileSync(balancePath, 'utf8').replace('"unexplained": 0', '"unexplained": 1'),
    );
    const tampered = verifyClosePackage(dir, a.repos.audit);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toEqual([
      expect.stringMatching(/^balance\.json: SHA-256 [0-9a-f]{64}, the manifest says/),
    ]);

    // Re-hashing the changed file into the manifest is caught by the audit log, which recorded the original.
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      contents: { path: string; sha256: string }[];
    };
    for (const c of m.contents) {
      if (c.path === 'balance.json')
        c.sha256 = createHash('sha256').update(readFileSync(balancePath)).digest('hex');
    }
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(verifyClosePackage(dir).ok).toBe(true);
    expect(verifyClosePackage(dir, a.repos.audit).problems).toEqual([
      expect.stringContaining('the audit log records no close package with this manifest'),
    ]);
  });

  it("lists the month's chargeback and eCheck return files with their SHA-256, though imported after it", async () => {
    const { a, deps } = await march(true);
    const files = {
      'chargebacks-2025-03.csv': [
        'RequestId,MerchantReferenceNumber,CaseNumber,CBAmount,CBSign,CBAction,CBReasonCode,OriginalSettlementDate,CBDate,ResponseDueDate',
        'UNKNOWN1,REF1,CB-1,10.00,-,First Chargeback,10.4,2025-03-03,2025-03-20,2025-04-10',
      ],
      'returns-2025-03.csv': [
        'RequestID,MerchantReferenceNumber,PaymentType,Event,EventDate,Amount,CurrencyCode,ProcessorMessage',
        'UNKNOWN2,REF2,check,NSF,2025-03-21,-45.00,USD,R01 Insufficient funds',
      ],
      // A return of April is not March's.
      'returns-2025-04.csv': [
        'RequestID,MerchantReferenceNumber,PaymentType,Event,EventDate,Amount,CurrencyCode,ProcessorMessage',
        'UNKNOWN3,REF3,check,NSF,2025-04-01,-45.00,USD,R01 Insufficient funds',
      ],
    };
    const hashes = new Map<string, string>();
    for (const [name, lines] of Object.entries(files)) {
      const path = join(tempDir(), name);
      writeFileSync(path, `${lines.join('\n')}\n`);
      hashes.set(name, createHash('sha256').update(readFileSync(path)).digest('hex'));
      expect(await importCashFile(path, {}, deps)).toMatchObject({ imported: 1 });
    }
    prepareClose({ ...MARCH, actor: 'sam' }, deps);
    const dir = approveClose({ ...MARCH, actor: 'alex' }, deps).packageDir ?? '';
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      periodFiles: { fileName: string; source: string; sha256: string }[];
    };
    expect(manifest.periodFiles.filter((f) => f.fileName.includes('-2025-'))).toEqual([
      expect.objectContaining({
        fileName: 'chargebacks-2025-03.csv',
        source: 'cybersource-chargeback-details',
        sha256: hashes.get('chargebacks-2025-03.csv'),
      }),
      expect.objectContaining({
        fileName: 'returns-2025-03.csv',
        source: 'cybersource-echeck-returns',
        sha256: hashes.get('returns-2025-03.csv'),
      }),
    ]);
    expect(verifyClosePackage(dir, a.repos.audit)).toMatchObject({ ok: true, problems: [] });
  });

  it('`clearpost close verify DIR` says so in one JSON line and its exit code', async () => {
    const { deps, dataDir, closeApp } = await march(true);
    prepareClose({ ...MARCH, actor: 'sam' }, deps);
    const dir = approveClose({ ...MARCH, actor: 'alex' }, deps).packageDir ?? '';
    await closeApp();
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['close', 'verify', ...args], {
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
      });
      return { code, out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
    };
    expect(await run(dir, '--data-dir', dataDir)).toMatchObject({
      code: 0,
      out: [{ ok: true, problems: [] }],
    });
    expect(await run()).toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'open-items.json'), '{}');
    const broken = await run(dir, '--data-dir', dataDir);
    expect(broken.code).toBe(1);
    expect(broken.out[0]?.problems).toEqual([expect.stringMatching(/^open-items\.json: SHA-256/)]);
    expect((await run(dir, '--package-only')).code).toBe(1);
  });
});
