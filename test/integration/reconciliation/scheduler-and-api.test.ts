import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { ReportScheduler } from '../../../src/main/reconciliation/report-scheduler';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { reportHarness } from './harness';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
const HOUR = 3_600_000;
const caller = { actor: 'operator@test', transport: 'test' } as const;

describe('daily schedule', () => {
  it('writes yesterday’s files once the facility’s local time passes, once, across restarts', async () => {
    // 2026-11-23 05:00 in Chicago (11:00Z).
    const h = await reportHarness(tempDir(), Date.UTC(2026, 10, 23, 11, 0, 0));
    apps.push(h.app);
    h.seed('failure', { facility: 'MAIN' });
    h.seed('pending', { ehr: 'epic', facility: 'RIVERSIDE', kind: 'refund' }, { channel: 'daily_file' });
    const out = tempDir();
    const scheduler = () =>
      new ReportScheduler(h.app.repos.events, h.service(), h.zones, h.clock, silentLogger, {
        at: '06:00',
        jobs: [{ kind: 'recon', format: 'csv' }, { kind: 'epic_voids' }],
        outDir: out,
      });
    const first = scheduler();
    // 05:00 in Chicago is 20:00 in Tokyo: only Tokyo's day is due.
    expect((await first.tick()).map((f) => f.file)).toEqual([
      'recon_TOKYO_2026-11-22.csv',
      'recon_TOKYO_2026-11-22_totals.csv',
    ]);
    h.clock.advance(HOUR + 60_000); // 06:01 Chicago
    const written = await first.tick();
    expect(written.map((f) => f.file).sort()).toEqual([
      'epic-voids_RIVERSIDE_2026-11-22.txt',
      'recon_MAIN_2026-11-22.csv',
      'recon_MAIN_2026-11-22_totals.csv',
      'recon_RIVERSIDE_2026-11-22.csv',
      'recon_RIVERSIDE_2026-11-22_totals.csv',
    ]);
    expect(await first.tick()).toEqual([]);
    expect(await scheduler().tick()).toEqual([]); // a restart
    expect(readdirSync(out)).toHaveLength(7);
    expect((await h.service().listHistory('epic_voids', 10)).map((f) => [f.trigger, f.onDisk])).toEqual([
      ['schedule', 'unchanged'],
    ]);
  });
});

describe('console commands', () => {
  it('previews, exports, lists history with hashes checked, and balances against the sandbox side', async () => {
    const h = await reportHarness(tempDir());
    apps.push(h.app);
    h.seed('failure', { amountMinor: 4_200 });
    const preview = await h.app.dispatch(
      'reports.preview',
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN' },
      caller,
    );
    expect(preview).toMatchObject({
      ok: true,
      result: [{ facility: 'MAIN', rowCount: 1, totals: { USD: 4_200 } }],
    });
    const exported = await h.app.dispatch(
      'reports.export',
      { kind: 'detail', date: '2026-11-22', facility: 'MAIN', format: 'xlsx' },
      caller,
    );
    expect(exported).toMatchObject({ ok: true, result: [{ file: 'detail_MAIN_2026-11-22.xlsx', rows: 1 }] });
    expect(readdirSync(join(h.app.layout.dataDir, 'reports'))).toEqual(['detail_MAIN_2026-11-22.xlsx']);
    const history = await h.app.dispatch('reports.history', {}, caller);
    expect(history).toMatchObject({
      ok: true,
      result: [{ trigger: 'console', generatedBy: 'operator@test', onDisk: 'unchanged' }],
    });
    const badDate = await h.app.dispatch('reports.export', { kind: 'recon', date: '2026-13-01' }, caller);
    expect(badDate).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    const future = await h.app.dispatch(
      'reports.export',
      { kind: 'epic_voids', date: '2099-01-01', facility: 'RIVERSIDE' },
      caller,
    );
    expect(future).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // One whole sentence with the way out, not a fragment ending "… from midnight on".
    expect(future.ok ? '' : future.error.message).toMatch(
      /^The Epic void\/refund file for 2099-01-01 cannot be written yet: that day is not over in RIVERSIDE \([^)]+\)\. Write it from midnight there, or choose an earlier day\.$/,
    );
    // No sandbox and no imported EHR file: balancing says what is missing instead of guessing.
    const balance = await h.app.dispatch('reports.balance', { date: '2026-11-22' }, caller);
    expect(balance).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
