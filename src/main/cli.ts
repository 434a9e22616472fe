/**
 * The `clearpost` command line: the usage text and the dispatcher. Each command parses its own arguments in
 * commands/<name>-command.ts (or its room's, e.g. audit/audit-command.ts) and resolves to an exit code.
 */
import { join } from 'node:path';
import { auditCommand } from './audit/audit-command';
import { accountsCommand } from './auth/accounts-command';
import { backfillCommand } from './commands/backfill-command';
import { closeCommand } from './commands/close-verify-command';
import { exportCashCommand } from './commands/export-cash-command';
import { exportCommand } from './commands/export-command';
import { importCommand } from './commands/import-command';
import { mleKeyCommand } from './commands/mle-key-command';
import { sandboxCommand } from './commands/sandbox-command';
import { serveCommand } from './commands/serve-command';
import { statusCommand } from './commands/status-command';
import type { CliIo } from './lib/cli-io';
import { defaultDataDir } from './paths';
import { startupFailure } from './startup-failure';

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
        // The built console sits beside this bundle (out/main/cli.js → out/renderer).
        return await serveCommand(rest, io, {
          dataDir: defaultDataDir(),
          rendererDir: join(__dirname, '../renderer'),
        });
      case 'status':
        return statusCommand(rest, io);
      case 'export':
        if (rest[0] === 'cash')
          return await exportCashCommand(rest.slice(1), io, { dataDir: defaultDataDir() });
        return await exportCommand(rest, io, { dataDir: defaultDataDir() });
      case 'import':
        return await importCommand(rest, io, { dataDir: defaultDataDir() });
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
