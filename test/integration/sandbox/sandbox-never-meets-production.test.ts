/**
 * Issue 19 item 5 (architecture principle 10): the sandbox never meets production. A data folder that has
 * held real payments or real connections never starts the sandbox (losing settings.json cannot undo that),
 * and the sandbox keeps its synthetic payments in a database of its own.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ClearpostApp } from '../../../src/main/app';
import { runCli, type CliIo } from '../../../src/main/cli';
import { startSandbox, type RunningSandbox } from '../../../src/main/sandbox';
import { startServe, type RunningServe } from '../../../src/main/serve';
import { dataFolderRoleRepository } from '../../../src/main/store/repositories/data-folder-role';
import { StoreError } from '../../../src/main/store/store-error';
import type { StatusSummary } from '../../../src/shared/contract';
import { silentLogger } from '../../helpers/app';
import { configureConnections } from '../../helpers/real-connections';
import { callAs, createFirstSupervisor } from '../../helpers/serve-session';
import { useTempDirs } from '../../helpers/temp-dir';
import { KEY, KEY_ID, WEBHOOK_ID } from '../intake/webhook-helper';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
const serves: RunningServe[] = [];
const simulators: RunningSandbox[] = [];
afterEach(async () => {
  for (const s of serves.splice(0)) await s.close();
  for (const app of apps.splice(0)) await app.close();
  for (const sims of simulators.splice(0)) await sims.stop();
});

const productionDb = (dataDir: string) => join(dataDir, 'clearpost.sqlite');
const sandboxDb = (dataDir: string) => join(dataDir, 'sandbox', 'clearpost-sandbox.sqlite');

async function start(dataDir: string, options: Partial<Parameters<typeof createApp>[0]> = {}) {
  const app = await createApp({ dataDir, mode: 'test', logger: silentLogger, ...options });
  apps.push(app);
  return app;
}

async function stop(app: ClearpostApp): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l) };
}

function eventsIn(path: string): { source: string }[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare<[], { source: string }>('SELECT source FROM payment_events').all();
  } finally {
    db.close();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a data folder that has held real payments or connections', () => {
  it('refuses to start the sandbox once settings.json is lost after a real connection was configured', async () => {
    const dataDir = tempDir();
    const sims = await startSandbox();
    simulators.push(sims);
    // An administrator configured a (real) EHR connection: the sandbox stays off, and the database says so.
    await configureConnections(dataDir, sims.connections);
    const production = await start(dataDir, { sandbox: { traffic: true } });
    expect(production.sandbox).toBeNull();
    expect(production.info.databasePath).toBe(productionDb(dataDir));
    expect(dataFolderRoleRepository(production.store.db).get()).toMatchObject({
      role: 'production',
      reason: 'real_connection',
    });
    await stop(production);

    rmSync(join(dataDir, 'settings.json'));
    const refused = await start(dataDir, { sandbox: { traffic: true } }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ code: 'production_without_settings' });
    expect((refused as StoreError).message).toMatch(
      /restore settings\.json from your backup.*new data folder/,
    );
    // serve (the sandbox is on by default) refuses in one plain sentence, exit 1, and starts nothing.
    const io = capture();
    expect(await runCli(['serve', '--port', '0', '--data-dir', dataDir], io)).toBe(1);
    expect(io.out).toEqual([]);
    expect(io.err.join('\n')).toMatch(/holds real payments but its settings\.json is missing/);
    expect(io.err.join('\n')).toMatch(/--ehr-sandbox off/);
    expect(existsSync(sandboxDb(dataDir))).toBe(false);
    expect(existsSync(join(dataDir, 'sandbox'))).toBe(false);

    // With the sandbox off, production starts as before (no settings: no connections, nothing posted).
    const off = await start(dataDir, { sandbox: false });
    expect(off.sandbox).toBeNull();
    expect(off.info.databasePath).toBe(productionDb(dataDir));
  });

  it('with real events and no settings.json refuses; with settings.json restored it runs, sandbox off', async () => {
    const dataDir = tempDir();
    const io = capture();
    const imported = await runCli(
      [
        'import',
        'test/fixtures/intake/transaction-request.csv',
        '--facility',
        'RIVERSIDE',
        '--ehr',
        'epic',
        '--data-dir',
        dataDir,
      ],
      io,
    );
    expect(imported).toBe(0);
    const { imported: count } = JSON.parse(io.out[0]!) as { imported: number };
    expect(count).toBeGreaterThan(0);
    // `clearpost import` configured nothing: the stored real events alone mark the folder.
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);

    await expect(start(dataDir, { sandbox: { traffic: true } })).rejects.toMatchObject({
      code: 'production_without_settings',
    });
    expect(eventsIn(productionDb(dataDir))).toHaveLength(count);
    expect(existsSync(sandboxDb(dataDir))).toBe(false);

    writeFileSync(join(dataDir, 'settings.json'), '{ "version": 1 }\n');
    const app = await start(dataDir, { sandbox: { traffic: true } });
    expect(app.sandbox).toBeNull();
    expect(app.info.sandbox).toBeNull();
    expect(app.repos.events.count()).toBe(count);
    expect(dataFolderRoleRepository(app.store.db).get()).toMatchObject({
      role: 'production',
      reason: 'real_event',
    });
  });

  it('a real webhook subscription keeps the sandbox off, and the folder stays production without it', async () => {
    const dataDir = tempDir();
    const withKey = await start(dataDir, {
      sandbox: { traffic: true },
      webhookSubscriptions: [{ key: KEY, keyId: KEY_ID, webhookId: WEBHOOK_ID }],
    });
    expect(withKey.sandbox).toBeNull();
    expect(dataFolderRoleRepository(withKey.store.db).get()).toMatchObject({
      role: 'production',
      reason: 'webhook_subscription',
    });
    await stop(withKey);

    await expect(start(dataDir, { sandbox: { traffic: true } })).rejects.toMatchObject({
      code: 'production_without_settings',
    });
  });
});

describe('the sandbox on a new data folder', () => {
  it('runs on a database of its own: synthetic payments post to the simulators, production gets none', async () => {
    const dataDir = tempDir();
    const app = await start(dataDir, { sandbox: { traffic: true, ratePerMinute: 600 } });
    expect(app.sandbox).not.toBeNull();
    expect(app.info.databasePath).toBe(sandboxDb(dataDir));
    expect(dataFolderRoleRepository(app.store.db).get()).toMatchObject({
      role: 'sandbox',
      reason: 'sandbox_database',
    });
    const sandbox = app.sandbox!;
    await until(
      () => sandbox.epic.ledger.postings().length + sandbox.oracle.ledger.postings().length > 0,
      'a sandbox payment in a simulated EHR',
    );
    await stop(app);

    const events = eventsIn(sandboxDb(dataDir));
    expect(events.length).toBeGreaterThan(0);
    // Manual-workflow payments of the sandbox are stored as 'manual' (routing keeps them off every API).
    expect(events.every((e) => e.source === 'sandbox' || e.source === 'manual')).toBe(true);
    expect(existsSync(productionDb(dataDir))).toBe(false);

    // Started again, the sandbox finds its own database, still unmarked as production.
    const again = await start(dataDir, { sandbox: { traffic: false } });
    expect(again.sandbox).not.toBeNull();
    expect(again.repos.events.count()).toBe(events.length);
    await stop(again);
    expect(existsSync(productionDb(dataDir))).toBe(false);

    // The command line reads the sandbox's database when asked, and says so when it is the only one.
    const plain = capture();
    expect(await runCli(['status', '--json', '--data-dir', dataDir], plain)).toBe(1);
    expect(plain.err.join('\n')).toMatch(/no production database yet, only the sandbox's .*add --sandbox/);
    const sandboxed = capture();
    expect(await runCli(['status', '--json', '--sandbox', '--data-dir', dataDir], sandboxed)).toBe(0);
    expect(JSON.parse(sandboxed.out[0] ?? '')).toMatchObject({ database: 'sandbox', events: events.length });
    const audit = capture();
    expect(await runCli(['audit', 'verify', '--sandbox', '--data-dir', dataDir], audit)).toBe(0);
    expect(audit.out.join('\n')).toMatch(/^Audit log intact: \d+ entries, checked against the head copied/);
    expect(existsSync(productionDb(dataDir))).toBe(false);
  });

  it('serve on a new data folder shows the sandbox traffic over HTTP', async () => {
    const dataDir = tempDir();
    const s = await startServe({
      dataDir,
      port: 0,
      rendererDir: null,
      sandbox: { traffic: true, ratePerMinute: 600 },
    });
    serves.push(s);
    expect(s.app.sandbox?.bannerLines).toHaveLength(3);
    // The token admits the first supervisor only; every command then needs the session.
    const session = await createFirstSupervisor(`http://127.0.0.1:${String(s.port)}`, s.token);
    const summary = async (): Promise<StatusSummary> => {
      const { status, body } = await callAs(session, 'status.summary');
      expect(status).toBe(200);
      return body.result as StatusSummary;
    };
    let seen: StatusSummary | null = null;
    for (let i = 0; i < 400 && !seen; i += 1) {
      const current = await summary();
      if (current.events > 0 && current.counts.length > 0) seen = current;
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen?.events).toBeGreaterThan(0);
    expect(s.app.info.databasePath).toBe(sandboxDb(dataDir));
    expect(existsSync(productionDb(dataDir))).toBe(false);
  });
});
