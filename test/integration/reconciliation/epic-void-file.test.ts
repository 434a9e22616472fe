import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { ReportError } from '../../../src/main/reconciliation/report-requests';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness } from './harness';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
const requester = { trigger: 'schedule', actor: 'scheduler' } as const;
const HOUR = 3_600_000;

async function epicHarness() {
  // 2026-11-24 09:00 Chicago.
  const h = await reportHarness(tempDir(), Date.UTC(2026, 10, 24, 15, 0, 0));
  apps.push(h.app);
  const refund = (transactionAt: number, extra: Record<string, unknown> = {}) =>
    h.seed(
      'pending',
      { ehr: 'epic', facility: 'RIVERSIDE', kind: 'refund', transactionAt, ...extra },
      { channel: 'daily_file' },
    );
  return { ...h, refund };
}

const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('Epic daily void/refund file', () => {
  it('leaves out an item on hold (an operator held it, or it arrived for a closed month): nothing held is sent by file', async () => {
    const { service, refund, app } = await epicHarness();
    const kept = refund(Date.UTC(2026, 10, 22, 18));
    const held = refund(Date.UTC(2026, 10, 22, 19));
    app.store.db.prepare('UPDATE postings SET held = 1 WHERE id = ?').run(held.postingId);
    const [file] = await service().exportEpicVoids(
      { date: '2026-11-22', facility: 'RIVERSIDE', outDir: tempDir() },
      requester,
    );
    expect(file?.rows).toBe(1);
    expect(lines(file?.path ?? '')[0]?.split('|')[0]).toBe(kept.event.processorTxnId);
    expect(app.repos.postings.get(held.postingId)?.status).toBe('pending');
  });

  it('never puts an item in two days’ files, even when days are regenerated and items arrive late', async () => {
    const { service, refund, seed, app, clock } = await epicHarness();
    const nov22 = refund(Date.UTC(2026, 10, 22, 18)); // 12:00 Chicago, Nov 22
    const nov23 = refund(Date.UTC(2026, 10, 24, 5, 30)); // 23:30 Chicago, Nov 23 (already Nov 24 in UTC)
    const nov24 = refund(Date.UTC(2026, 10, 24, 14)); // 08:00 Chicago, Nov 24: not in yesterday's file
    seed('pending', { ehr: 'epic', facility: 'RIVERSIDE', kind: 'void' }, { channel: 'daily_file' });
    // A payment on the API channel and an Oracle refund are never in the Epic file.
    seed('success', { ehr: 'epic', facility: 'RIVERSIDE' });
    seed(
      'pending',
      { ehr: 'oracle_health', facility: 'RIVERSIDE', kind: 'refund' },
      { channel: 'daily_file' },
    );

    const out = tempDir();
    const [first] = await service().exportEpicVoids(
      { date: '2026-11-22', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    expect(first?.file).toBe('epic-voids_RIVERSIDE_2026-11-22.txt');
    expect(first?.rows).toBe(2); // Nov 22's refund and the void (seeded on Nov 22 by default)
    const [second] = await service().exportEpicVoids(
      { date: '2026-11-23', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    expect(lines(second?.path ?? '')).toEqual([
      `${nov23.event.processorTxnId}|${(nov23.event.amountMinor / 100).toFixed(2)}|REFUND|${nov23.event.guarantorAccount ?? ''}|2026-11-23`,
      `TRAILER|1|${(nov23.event.amountMinor / 100).toFixed(2)}`,
    ]);

    // A late refund dated Nov 22 arrives after Nov 22's file went out, then Nov 22 is regenerated.
    const late = refund(Date.UTC(2026, 10, 22, 20));
    const firstBytes = readFileSync(first?.path ?? '');
    const [again] = await service().exportEpicVoids(
      { date: '2026-11-22', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    expect(readFileSync(again?.path ?? '').equals(firstBytes)).toBe(true);
    expect(again?.sha256).toBe(first?.sha256);

    clock.advance(24 * HOUR);
    const [third] = await service().exportEpicVoids(
      { date: '2026-11-24', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    const ids = lines(third?.path ?? '')
      .slice(0, -1)
      .map((l) => l.split('|')[0]);
    expect(ids).toEqual([late.event.processorTxnId, nov24.event.processorTxnId]);

    // Across all files: each item once.
    const all = [first, second, third].flatMap((f) =>
      lines(f?.path ?? '')
        .slice(0, -1)
        .map((l) => l.split('|')[0]),
    );
    expect(new Set(all).size).toBe(all.length);
    const claimed = app.store.db.prepare('SELECT count(*) AS n FROM epic_file_items').get() as { n: number };
    expect(claimed.n).toBe(all.length);

    // Items are marked sent by that file, with an audit entry each.
    const posting = app.repos.postings.get(nov22.postingId);
    expect(posting?.status).toBe('success');
    expect(posting?.ehrReference).toBe('epic-voids_RIVERSIDE_2026-11-22.txt');
    expect(app.repos.audit.forSubject('posting', String(nov22.postingId)).map((a) => a.action)).toContain(
      'posting.sent_by_file',
    );
    expect(app.repos.audit.verify().ok).toBe(true);
  });

  it('refuses a day that is not over in the facility, and claims nothing', async () => {
    const { service, refund, app } = await epicHarness();
    refund(Date.UTC(2026, 10, 24, 14));
    await expect(
      service().exportEpicVoids({ date: '2026-11-24', facility: 'RIVERSIDE', outDir: tempDir() }, requester),
    ).rejects.toThrow(ReportError);
    expect((app.store.db.prepare('SELECT count(*) AS n FROM epic_file_items').get() as { n: number }).n).toBe(
      0,
    );
  });

  it('writes a trailer-only file on a quiet day, and keeps pipes and line breaks out of fields', async () => {
    const { service, refund } = await epicHarness();
    const out = tempDir();
    const [quiet] = await service().exportEpicVoids(
      { date: '2026-11-21', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    expect(lines(quiet?.path ?? '')).toEqual(['TRAILER|0|0.00']);
    refund(Date.UTC(2026, 10, 22, 18), { guarantorAccount: 'G1|x\nTRAILER|9|9.99', amountMinor: 1_234 });
    const [file] = await service().exportEpicVoids(
      { date: '2026-11-22', facility: 'RIVERSIDE', outDir: out },
      requester,
    );
    const text = lines(file?.path ?? '');
    expect(text).toHaveLength(2);
    expect(text[0]?.split('|')).toHaveLength(5);
    expect(text[1]).toBe('TRAILER|1|12.34');
  });

  it('preview lists what the next file would carry without claiming it', async () => {
    const { service, refund, app } = await epicHarness();
    refund(Date.UTC(2026, 10, 22, 18));
    const [preview] = service().epicPreview('2026-11-22', 'RIVERSIDE');
    expect(preview?.items).toHaveLength(1);
    expect((app.store.db.prepare('SELECT count(*) AS n FROM epic_file_items').get() as { n: number }).n).toBe(
      0,
    );
  });
});
