/**
 * The `clearpost` command line: `serve` for browsers and headless servers, `status` for scripts.
 * Later subcommands (import, export, audit verify) hang off the same table.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app';
import { auditCommand } from './audit/audit-command';
import { accountsCommand } from './auth/accounts-command';
import { backfillCommand } from './commands/backfill-command';
import { mleKeyCommand } from './commands/mle-key-command';
import { resolveWebhookKey, WEBHOOK_KEY_ENV } from './intake/cybersource/webhook-key-source';
import { ImportError } from './intake/reports/import-file';
import { CashImportError, importCashFile } from './reconciliation/funding/import-cash-file';
import { systemClock } from './clock';
import type { CliIo } from './lib/cli-io';
import { commandLayout, defaultDataDir, sandboxLayout } from './paths';
import { exportCommand } from './commands/export-command';
import { closeCommand } from './commands/close-verify-command';
import { exportCashCommand } from './commands/export-cash-command';
import { runSandboxCommand } from './sandbox';
import { startServe, type ServeOptions } from './serve';
import { decideExposure } from './serve-exposure';
import { readMetricsToken, serveSettings } from './serve-settings';
import { createQuitDrain } from './shutdown';
import { startupFailure } from './startup-failure';
import { openStore } from './store/open';
import { createRepositories } from './store/repositories';

export type { CliIo };

const USAGE = `Usage: clearpost <command> [options]

Commands:
  serve  [--port N] [--data-dir DIR] [--ehr-sandbox on|off] [--no-traffic]
         [--host ADDRESS --tls-cert FILE --tls-key FILE] [--metrics-token-file FILE]
         [--webhook-key-id ID --webhook-key-file FILE] [--webhook-id ID] [--webhook-tolerance MIN|off]
                                        Run the console for a browser on 127.0.0.1 (prints its URL);
                                        --host other than loopback needs --tls-cert and --tls-key (PEM)
                                        and takes account sign-in only; the port defaults to
                                        settings.json's serve.port, else a free one; GET /metrics takes
                                        the token in --metrics-token-file (or serve.metricsTokenFile),
                                        else a signed-in session; GET /healthz needs nothing;
                                        the webhook secret may also come from $CLEARPOST_WEBHOOK_KEY;
                                        the webhook id is checked only when given; the signature's
                                        timestamp may be 5 minutes off unless told otherwise
  mle-key [--data-dir DIR] [--rotate | --remove KID] [--json]
                                        Prints the Cybersource webhook encryption certificate to register
                                        (made on first use); --rotate makes a new key, older ones keep
                                        decrypting until removed
  status [--json] [--data-dir DIR] [--sandbox]
                                        Counts of postings by status and EHR (--sandbox: the sandbox's)
  export recon|detail|epic-voids|balance --date YYYY-MM-DD --out DIR [--facility F] [--format csv|xlsx]
         [--basis transaction|effective|funding] [--zone FACILITY=Area/City]... [--time-zone Area/City]
         [--ehr-file FILE]              Writes a daily file; prints the files, row counts and totals as JSON
                                        (balance: the variances against the EHR file, with "unexplained")
  export cash --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--as-of YYYY-MM-DD] [--time-zone Area/City]
                                        Matches deposits to funding batches, then writes the four-way cash
                                        balance (bank, funding, payments, EHR) with its variances and open
                                        exceptions; prints one JSON line with "variances" and "unexplained"
  import FILE [--source NAME] [--facility F] [--ehr epic|oracle_health] [--data-dir DIR]
         [--merchant ID] [--funding-date YYYY-MM-DD]
                                        Imports a processor report (CSV or XLSX), a bank statement (BAI2,
                                        camt.053) or Cybersource funding (Purchase & Refund Details, Net
                                        Funding, as JSON); prints one JSON line
  backfill [--date YYYY-MM-DD] [--data-dir DIR]
                                        Downloads the day's Cybersource Payment Batch Detail report, imports
                                        what the webhooks missed and requests a webhook replay for the day;
                                        prints one JSON line (the date defaults to yesterday)
  sandbox [--data-dir DIR] [--oracle-port N] [--epic-port N] [--cybersource-port N]
                                        Runs the simulated Oracle Health, Epic and Cybersource alone (prints
                                        their URLs)
  accounts create --username NAME --role viewer|operator|supervisor [--data-dir DIR]
                                        Creates a serve-mode account, or restores one (enabled, new password);
                                        the password comes from $CLEARPOST_ACCOUNT_PASSWORD or standard input.
                                        Serve mode asks for the first supervisor itself; this recovers a
                                        console whose supervisors were all disabled
  audit verify [--data-dir DIR] [--sandbox] [--head FILE] [--json]
                                        Checks the audit log's hash chain; exit 1 names the first broken link
  close verify DIR [--data-dir DIR] [--sandbox] [--package-only]
                                        Re-hashes a month's close package and checks its audit anchor and
                                        manifest hash against the audit log; exit 1 names what differs
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
      case 'export':
        if (rest[0] === 'cash')
          return await exportCashCommand(rest.slice(1), io, { dataDir: defaultDataDir() });
        return await exportCommand(rest, io, { dataDir: defaultDataDir() });
      case 'import':
        return await importCommand(rest, io);
      case 'backfill':
        return await backfillCommand(rest, io, { dataDir: defaultDataDir() });
      case 'sandbox':
        return await sandboxCommand(rest, io);
      case 'audit':
        return auditCommand(rest, io);
      case 'close':
        return closeCommand(rest, io);
      case 'mle-key':
        return await mleKeyCommand(rest, io);
      case 'accounts':
        return await accountsCommand(rest, io, {
          env: process.env,
          readStdin,
          now: () => Date.now(),
        });
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
    // One plain sentence; a stack trace goes to the log file only.
    io.stderr(`clearpost: ${startupFailure(error, dataDirArgument(rest) ?? defaultDataDir())}`);
    return 1;
  }
}

/** Standard input as text (empty when it is a terminal nobody types into: the caller then refuses). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The `--data-dir` a command was given, to log a failure where that command would have. */
function dataDirArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--data-dir');
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

async function serve(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'metrics-token-file': { type: 'string' },
      'data-dir': { type: 'string' },
      'ehr-sandbox': { type: 'string', default: 'on' },
      'no-traffic': { type: 'boolean', default: false },
      'webhook-key': { type: 'string' },
      'webhook-key-file': { type: 'string' },
      'webhook-key-id': { type: 'string' },
      'webhook-id': { type: 'string' },
      'webhook-tolerance': { type: 'string' },
    },
    strict: true,
  });
  // Checked before anything is opened: a refused exposure must leave the data folder untouched.
  const exposure = decideExposure({
    host: values.host,
    tlsCertFile: values['tls-cert'],
    tlsKeyFile: values['tls-key'],
  });
  if (!exposure.ok) {
    io.stderr(`clearpost: ${exposure.message}`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const saved = serveSettings(dataDir);
  const port = values.port === undefined ? (saved.port ?? 0) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`clearpost: --port must be a port number, not "${String(values.port)}"`);
    return 2;
  }
  const metricsTokenFile = values['metrics-token-file'] ?? saved.metricsTokenFile;
  const metricsToken = metricsTokenFile === null ? null : readMetricsToken(metricsTokenFile);
  if (metricsToken && !metricsToken.ok) {
    io.stderr(`clearpost: ${metricsToken.message}`);
    return 2;
  }
  const tls = exposure.exposure.tls;
  if (tls && tls.validTo < Date.now())
    io.stderr(`clearpost: warning: the TLS certificate expired on ${new Date(tls.validTo).toISOString()}`);
  if (values['ehr-sandbox'] !== 'on' && values['ehr-sandbox'] !== 'off') {
    io.stderr(`clearpost: --ehr-sandbox is on or off, not "${values['ehr-sandbox']}"`);
    return 2;
  }
  const webhookKey = resolveWebhookKey({
    flag: values['webhook-key'],
    file: values['webhook-key-file'],
    env: process.env,
  });
  if (!webhookKey.ok) {
    io.stderr(`clearpost: ${webhookKey.message}`);
    return 2;
  }
  for (const warning of webhookKey.warnings) io.stderr(`clearpost: warning: ${warning}`);
  const key = webhookKey.key ?? undefined;
  const keyId = values['webhook-key-id'];
  if ((key === undefined) !== (keyId === undefined)) {
    io.stderr(
      `clearpost: --webhook-key-id and the webhook key (--webhook-key-file or ${WEBHOOK_KEY_ENV}) go together`,
    );
    return 2;
  }
  const toleranceText = values['webhook-tolerance'];
  const tolerance =
    toleranceText === undefined
      ? undefined
      : toleranceText === 'off'
        ? ('off' as const)
        : Number(toleranceText) * 60_000;
  if (
    typeof tolerance === 'number' &&
    (!Number.isInteger(tolerance) || tolerance <= 0 || tolerance > 1440 * 60_000)
  ) {
    io.stderr(`clearpost: --webhook-tolerance is minutes (1–1440) or off, not "${String(toleranceText)}"`);
    return 2;
  }
  if (tolerance === 'off')
    io.stderr(
      'clearpost: warning: --webhook-tolerance off: the signature timestamp is not checked, so a captured notification can be replayed at any time',
    );
  const rendererDir = join(__dirname, '../renderer');
  const serveOptions: ServeOptions = {
    dataDir,
    port,
    host: exposure.exposure.host,
    tls,
    metricsToken: metricsToken?.token ?? null,
    rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : null,
    sandbox: values['ehr-sandbox'] === 'on' && { traffic: !values['no-traffic'] },
    // The webhook id is the subscription's, never the key id: it is checked only when given.
    ...(key !== undefined && keyId !== undefined
      ? {
          webhookSubscriptions: [
            {
              key,
              keyId,
              webhookId: values['webhook-id'] ?? null,
              ...(tolerance !== undefined ? { tolerance } : {}),
            },
          ],
        }
      : {}),
  };
  let running = await startServe(serveOptions);
  io.stdout(`Clearpost console: ${running.url}`);
  if (running.fingerprint256) io.stdout(`TLS certificate SHA-256 fingerprint: ${running.fingerprint256}`);
  if (!exposure.exposure.loopback)
    io.stdout('Sign in with a Clearpost account (first supervisor: clearpost accounts create).');
  // Settings → "Restart now": the app restarts in place on the same port with the same link, so saved
  // connections and webhook subscriptions apply without anyone at the server's keyboard.
  const offerRestart = () =>
    running.app.settings.restart.offer(() => {
      // The console's answer to `settings.restart` leaves before the server closes its connections.
      setTimeout(() => void restart(), 250);
    });
  const restart = async () => {
    const { port, token } = running;
    running.app.logger.info('restarting to apply saved settings');
    await running.close();
    try {
      running = await startServe({ ...serveOptions, port, token });
    } catch (error) {
      io.stderr(`clearpost: the restart failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    offerRestart();
    io.stdout(`Clearpost restarted: ${running.url}`);
  };
  offerRestart();
  if (running.app.recovery) io.stderr(`clearpost: ${running.app.recovery.message}`);
  for (const line of running.app.sandbox?.bannerLines ?? []) io.stdout(line);
  // SIGTERM and SIGINT drain the engine (bounded), then exit 0; a second signal exits at once (shutdown.ts).
  const quit = createQuitDrain({
    close: () => running.close(),
    exit: (code) => process.exit(code),
    logger: () => running.app.logger,
  });
  process.on('SIGINT', () => quit.onSignal('SIGINT'));
  process.on('SIGTERM', () => quit.onSignal('SIGTERM'));
  return 0;
}

async function importCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      source: { type: 'string' },
      facility: { type: 'string' },
      ehr: { type: 'string' },
      'data-dir': { type: 'string' },
      merchant: { type: 'string' },
      'funding-date': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    io.stderr('clearpost import: give exactly one file to import');
    return 2;
  }
  const ehr = values.ehr;
  if (ehr !== undefined && ehr !== 'epic' && ehr !== 'oracle_health') {
    io.stderr('clearpost import: --ehr is epic or oracle_health');
    return 2;
  }
  // No engine here: imported events wait in the admission queue for the running Clearpost to post them.
  const app = await createApp({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    mode: 'cli',
    engine: { autoStart: false },
  });
  try {
    // Bank statements and funding files are recognised first; anything else is a processor report.
    const cash = await importCashFile(
      file,
      {
        ...(values.merchant ? { merchantId: values.merchant } : {}),
        ...(values['funding-date'] ? { fundingDate: values['funding-date'] } : {}),
      },
      { db: app.store.db, repos: app.repos, clock: systemClock },
    );
    if (cash) {
      const { source, rows, imported, quarantined, duplicates } = cash;
      io.stdout(JSON.stringify({ source, rows, imported, quarantined, duplicates }));
      return 0;
    }
    const summary = await app.intake.importFile(file, {
      ...(values.source ? { source: values.source } : {}),
      ...(values.facility ? { facility: values.facility } : {}),
      ...(ehr ? { ehr } : {}),
    });
    const { rows, imported, quarantined, duplicates, notices } = summary;
    io.stdout(JSON.stringify({ rows, imported, quarantined, duplicates }));
    // What cannot post as it is, in words, for the person who ran the import (stdout stays one JSON line).
    for (const notice of notices) io.stderr(`clearpost import: note: ${notice}`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError || error instanceof CashImportError) {
      io.stderr(`clearpost import: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

async function sandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { code, sandbox } = await runSandboxCommand(argv, io);
  if (sandbox) {
    const stop = () => {
      void sandbox.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return code;
}

function status(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      sandbox: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const layout = commandLayout(values['data-dir'], values.sandbox);
  // The sandbox keeps its own database: say where it is rather than report an empty production one.
  const sandboxDb = sandboxLayout(layout).database;
  if (!values.sandbox && !existsSync(layout.database) && existsSync(sandboxDb)) {
    io.stderr(
      `clearpost status: this data folder has no production database yet, only the sandbox's (${sandboxDb}): add --sandbox`,
    );
    return 1;
  }
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
      database: values.sandbox ? 'sandbox' : 'production',
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
      io.stdout(
        `Clearpost data folder ${summary.dataDir}${values.sandbox ? ', sandbox database' : ''} (schema ${String(summary.schemaVersion)})`,
      );
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
