import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import type { ImportStatus } from '../../../src/shared/commands/imports';
import type { CommandArgs, CommandName, CommandResult } from '../../../src/shared/contract';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const operator: Caller = { actor: 'pat.billing', transport: 'test' };
const FIXTURES = join(__dirname, '../../fixtures/intake');
const base64 = (name: string) => readFileSync(join(FIXTURES, name)).toString('base64');

let app: ClearpostApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
  const envelope = await app!.dispatch(name, args, operator);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as CommandResult<N>;
}

async function failure(name: CommandName, args: unknown) {
  const envelope = await app!.dispatch(name, args, operator);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
}

async function finished(id: string): Promise<ImportStatus> {
  for (let i = 0; i < 200; i += 1) {
    const status = await call('imports.status', { id });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import did not finish');
}

describe('imports.start and imports.status', () => {
  it('imports an uploaded report in the background, counts its rows and removes the temporary file', async () => {
    const dataDir = tempDir();
    app = await testApp(dataDir);
    const started = await call('imports.start', {
      fileName: 'transaction-request.csv',
      contentBase64: base64('transaction-request.csv'),
    });
    expect(started).toMatchObject({ state: 'running', fileName: 'transaction-request.csv', error: null });

    const done = await finished(started.id);
    expect(done).toMatchObject({
      state: 'done',
      source: 'cybersource-transaction-request',
      alreadyImported: false,
      error: null,
    });
    expect(done.counts.rows).toBe(5);
    expect(done.counts.imported + done.counts.quarantined + done.counts.duplicates).toBe(5);
    expect(done.counts.quarantined).toBeGreaterThan(0);
    expect(done.bytesRead).toBe(done.totalBytes);

    // Quarantined rows cite the file by its own name, not the temporary folder's.
    const { rows } = await call('quarantine.list', { sources: ['file'] });
    expect(rows).toHaveLength(done.counts.quarantined);
    expect(rows.every((row) => row.sourceRef?.startsWith('transaction-request.csv'))).toBe(true);

    const temp = join(dataDir, 'imports-tmp');
    expect(existsSync(temp) ? readdirSync(temp) : []).toEqual([]);

    // The same content again adds nothing.
    const again = await call('imports.start', {
      fileName: 'transaction-request.csv',
      contentBase64: base64('transaction-request.csv'),
    });
    expect(await finished(again.id)).toMatchObject({ state: 'done', alreadyImported: true });
    expect((await call('quarantine.list', { sources: ['file'] })).rows).toHaveLength(done.counts.quarantined);
  });

  it('passes facility and EHR for Payment Batch Detail files', async () => {
    app = await testApp(tempDir());
    const started = await call('imports.start', {
      fileName: 'batch-detail.csv',
      contentBase64: base64('batch-detail.csv'),
      facility: 'MAIN',
      ehr: 'epic',
    });
    const done = await finished(started.id);
    expect(done).toMatchObject({ state: 'done', source: 'cybersource-batch-detail' });
    expect(done.counts.rows).toBeGreaterThan(0);
  });

  it('reports a file it cannot read as failed, with the reason', async () => {
    const dataDir = tempDir();
    app = await testApp(dataDir);
    const started = await call('imports.start', {
      fileName: 'unknown.csv',
      contentBase64: Buffer.from('a,b,c\n1,2,3\n').toString('base64'),
    });
    const done = await finished(started.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/\w/);
    expect(readdirSync(join(dataDir, 'imports-tmp'))).toEqual([]);
  });

  it('refuses paths for names, bad base64, unknown ids, and viewers', async () => {
    app = await testApp(tempDir());
    const content = base64('transaction-request.csv');
    expect(await failure('imports.start', { fileName: '../x.csv', contentBase64: content })).toMatchObject({
      code: 'invalid_arguments',
    });
    expect(await failure('imports.start', { fileName: 'x.csv', contentBase64: 'not base64!' })).toMatchObject(
      {
        code: 'invalid_arguments',
      },
    );
    expect(await failure('imports.status', { id: 'nope' })).toMatchObject({ code: 'not_found' });
    const viewer = await app.dispatch(
      'imports.start',
      { fileName: 'x.csv', contentBase64: content },
      { ...operator, role: 'viewer' },
    );
    expect(viewer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
