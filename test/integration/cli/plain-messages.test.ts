import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { dataLayout } from '../../../src/main/paths';
import { loadSettings } from '../../../src/main/settings/settings-store';
import { openStore } from '../../../src/main/store/open';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

/** One line, no stack frames, no "Error:" dump. */
function expectOnePlainLine(lines: readonly string[]): string {
  expect(lines).toHaveLength(1);
  const [line] = lines as [string];
  expect(line).not.toMatch(/\n|^\s+at |\bat .*\.ts:\d+/);
  return line;
}

/** A database written by Clearpost and closed cleanly (so no -shm is left), in a folder others can read. */
function databaseOthersCanRead(): string {
  const parent = tempDir();
  chmodSync(parent, 0o755);
  const layout = dataLayout(join(parent, 'data'));
  openStore(layout.database).db.close();
  chmodSync(layout.dataDir, 0o755);
  chmodSync(layout.database, 0o644);
  return layout.dataDir;
}

/** Runs `body` as the unprivileged user `nobody`; the test process is root here, and root may write anywhere. */
async function asNobody<T>(body: () => Promise<T>): Promise<T> {
  process.seteuid!(65534);
  try {
    return await body();
  } finally {
    process.seteuid!(0);
  }
}

const canDropPrivileges = process.platform !== 'win32' && process.geteuid?.() === 0;

describe('a read-only data folder is not called damaged (issue 20 item 11)', () => {
  it.skipIf(!canDropPrivileges)(
    'status and audit verify say Clearpost cannot write to the folder',
    async () => {
      const dataDir = databaseOthersCanRead();
      for (const argv of [
        ['status', '--data-dir', dataDir],
        ['audit', 'verify', '--data-dir', dataDir],
      ]) {
        const run = capture();
        const code = await asNobody(() => runCli(argv, run.io));
        expect(code).toBe(1);
        const line = expectOnePlainLine(run.err);
        expect(line).toContain(`Clearpost cannot write to ${dataDir}: permission denied (EACCES)`);
        expect(line).not.toMatch(/backup|restore|damaged/i);
      }
    },
  );

  it.skipIf(!canDropPrivileges)('serve says the same in one line, and starts nothing', async () => {
    const dataDir = databaseOthersCanRead();
    const run = capture();
    const code = await asNobody(() =>
      runCli(['serve', '--data-dir', dataDir, '--ehr-sandbox', 'off', '--port', '0'], run.io),
    );
    expect(code).toBe(1);
    const line = expectOnePlainLine(run.err);
    expect(line).toMatch(/Clearpost cannot (write to|use) .*permission denied \(EACCES\)/);
    expect(run.out).toEqual([]);
  });
});

describe('start-up failures print one plain sentence (issue 20 item 11)', () => {
  it('a port in use: one sentence on stderr, the stack trace in the log file', async () => {
    const dataDir = tempDir();
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const run = capture();
    const code = await runCli(
      ['serve', '--data-dir', dataDir, '--ehr-sandbox', 'off', '--port', String(port)],
      run.io,
    );
    expect(code).toBe(1);
    const line = expectOnePlainLine(run.err);
    const logFile = dataLayout(dataDir).logFile;
    expect(line).toBe(
      `clearpost: Clearpost cannot listen on 127.0.0.1:${String(port)}: the port is already in use (EADDRINUSE). ` +
        `(details in ${logFile})`,
    );
    const logged = readFileSync(logFile, 'utf8');
    expect(logged).toContain('clearpost could not start');
    expect(logged).toMatch(/"stack":"Error: listen EADDRINUSE[^"]*\\n\s+at /);
  });

  it('a settings file that is not JSON: the settings message alone', async () => {
    const dataDir = tempDir();
    writeFileSync(dataLayout(dataDir).settings, '{ "version": ');
    const run = capture();
    expect(await runCli(['serve', '--data-dir', dataDir, '--ehr-sandbox', 'off'], run.io)).toBe(1);
    expect(expectOnePlainLine(run.err)).toBe(
      `clearpost: The settings file ${dataLayout(dataDir).settings} is not valid JSON. Fix it or move it aside; it was not changed.`,
    );
  });

  it('a mistyped --data-dir is not created to log into', async () => {
    const missing = join(tempDir(), 'no', 'such', 'folder');
    const run = capture();
    expect(await runCli(['status', '--data-dir', missing], run.io)).toBe(1);
    expect(expectOnePlainLine(run.err)).toMatch(/No Clearpost database at .*Start Clearpost once/);
    expect(() => readFileSync(dirname(missing))).toThrow(/ENOENT/);
  });
});

describe('settings.json with a UTF-8 byte order mark (issue 20 item 11)', () => {
  it('is read as the JSON after the mark', () => {
    const file = dataLayout(tempDir()).settings;
    writeFileSync(file, `\uFEFF${JSON.stringify({ version: 1 })}`);
    expect(() => loadSettings(file)).not.toThrow();
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"version": ')]));
    expect(() => loadSettings(file)).toThrow(/is not valid JSON/);
  });
});
