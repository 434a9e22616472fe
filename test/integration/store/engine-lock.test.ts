/**
 * One engine per data folder: a second desktop or serve instance is refused at once, naming the running one;
 * the lock goes with its process however that process ends; command-line writers (import) share the folder.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearpostApp } from '../../../src/main/app';
import { createApp } from '../../../src/main/app';
import { engineLockPaths } from '../../../src/main/store/engine-lock';
import { StoreError } from '../../../src/main/store/store-error';
import { silentLogger, testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const apps: ClearpostApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('the data folder’s engine lock', () => {
  it('refuses a second engine on the same folder, naming the running one; free again once it closes', async () => {
    const dir = tempDir();
    const first = await testApp(dir);
    apps.push(first);
    const second = createApp({ dataDir: dir, mode: 'serve', logger: silentLogger });
    await expect(second).rejects.toBeInstanceOf(StoreError);
    await expect(second).rejects.toMatchObject({ code: 'folder_locked' });
    await expect(second).rejects.toThrow(
      new RegExp(`already running on the data folder .*test, process ${String(process.pid)} on `),
    );

    await apps.pop()!.close();
    const again = await testApp(dir);
    apps.push(again);
    expect(again.engine.status().state).toBe('running');
  });

  it('a command-line writer (no engine) shares the folder with the running engine', async () => {
    const dir = tempDir();
    apps.push(await testApp(dir));
    const importer = await createApp({
      dataDir: dir,
      mode: 'cli',
      logger: silentLogger,
      engine: { autoStart: false },
    });
    apps.push(importer);
    expect(importer.engine.status().state).toBe('stopped');
  });

  it('the lock goes with its process, even one killed with SIGKILL', async () => {
    const dir = tempDir();
    // Another process holds the lock the way Clearpost does: SQLite's write lock on engine.lock, never released.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(engineLockPaths(dir).lock)}, { timeout: 0 });
         db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(holder.stdout, 'data');
    await expect(testApp(dir)).rejects.toMatchObject({ code: 'folder_locked' });
    // No holder file (the other process wrote none): the message still says what to do.
    await expect(testApp(dir)).rejects.toThrow(/another Clearpost process/);

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const app = await testApp(dir);
    apps.push(app);
    expect(app.engine.status().state).toBe('running');
  });
});
