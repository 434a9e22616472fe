import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { bundledMigrations } from '../../../src/main/store/migrate';
import { seedPosting } from '../../helpers/seed';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

describe('clearpost status', () => {
  it('prints counts by status and EHR for a data folder as one JSON object', async () => {
    const dataDir = tempDir();
    const app = await testApp(dataDir);
    seedPosting(app.repos, 'failure', { ehr: 'epic' });
    seedPosting(app.repos, 'failure', { ehr: 'oracle_health' });
    seedPosting(app.repos, 'success', { ehr: 'oracle_health' });
    await app.close();

    const { code, out } = await cli('status', '--json', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] ?? '')).toEqual({
      dataDir,
      database: 'production',
      schemaVersion: bundledMigrations().length,
      events: 3,
      postings: 3,
      quarantined: 0,
      byStatus: { failure: 2, success: 1 },
      byEhr: { epic: { failure: 1 }, oracle_health: { failure: 1, success: 1 } },
    });
  });

  it('says plainly when the folder has no database, and creates nothing', async () => {
    const dataDir = tempDir();
    const { code, err } = await cli('status', '--json', '--data-dir', dataDir);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/No Clearpost database at .*Start Clearpost once to create it/);
  });

  it('rejects unknown commands and options with usage', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('status', '--bogus')).code).toBe(1);
  });
});
