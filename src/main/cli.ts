/**
 * The `clearpost` command line: `serve` for browsers and headless servers, `status` for scripts.
 * Later subcommands (import, export, audit verify) hang off the same table.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, dataLayout } from './paths';
import { startServe } from './serve';
import { openStore } from './store/open';
import { createRepositories } from './store/repositories';
import { StoreError } from './store/store-error';

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

const USAGE = `Usage: clearpost <command> [options]

Commands:
  serve  [--port N] [--data-dir DIR]   Run the console for a browser on 127.0.0.1 (prints its URL)
  status [--json] [--data-dir DIR]      Counts of postings by status and EHR
  help                                  This text

The data folder defaults to ${defaultDataDir()} (or $CLEARPOST_DATA_DIR).`;

const processIo: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one command; resolves to the exit code (serve resolves once it is listening). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'status':
        return status(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return 0;
      default:
        io.stderr(`clearpost: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof StoreError || (error instanceof TypeError && 'code' in error)) {
      io.stderr(`clearpost: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function serve(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`clearpost: --port must be a port number, not "${values.port}"`);
    return 2;
  }
  const rendererDir = join(__dirname, '../renderer');
  const running = await startServe({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    port,
    rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : null,
  });
  io.stdout(`Clearpost console: ${running.url}`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

function status(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const layout = dataLayout(values['data-dir'] ?? defaultDataDir());
  const store = openStore(layout.database, { readonly: true });
  try {
    const repos = createRepositories(store.db);
    const counts = repos.postings.countsByStatus();
    const byStatus: Record<string, number> = {};
    const byEhr: Record<string, Record<string, number>> = {};
    for (const { ehr, status: s, count } of counts) {
      byStatus[s] = (byStatus[s] ?? 0) + count;
      (byEhr[ehr] ??= {})[s] = count;
    }
    const summary = {
      dataDir: layout.dataDir,
      schemaVersion: store.schemaVersion,
      events: repos.events.count(),
      postings: counts.reduce((sum, c) => sum + c.count, 0),
      quarantined: repos.quarantine.openCount(),
      byStatus,
      byEhr,
    };
    if (values.json) {
      io.stdout(JSON.stringify(summary));
    } else {
      io.stdout(`Clearpost data folder ${summary.dataDir} (schema ${String(summary.schemaVersion)})`);
      io.stdout(
        `${String(summary.events)} payment events, ${String(summary.postings)} postings, ${String(summary.quarantined)} quarantined`,
      );
      for (const [s, n] of Object.entries(byStatus)) io.stdout(`  ${s.padEnd(20)} ${String(n)}`);
    }
    return 0;
  } finally {
    store.db.close();
  }
}
