/**
 * `clearpost import FILE`: a bank statement or Cybersource funding file goes to cash reconciliation, anything
 * else is a processor report for intake. Prints one JSON line of counts; notes on rows that cannot post go
 * to standard error. A file that cannot be read exits 1 having imported nothing.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../clock';
import { ImportError } from '../intake/reports/import-file';
import type { CliIo } from '../lib/cli-io';
import { CashImportError, importCashFile } from '../reconciliation/funding/import-cash-file';
import { withCliApp } from './cli-app';

export async function importCommand(
  argv: readonly string[],
  io: CliIo,
  defaults: { readonly dataDir: string },
): Promise<number> {
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
  const command = { name: 'import', io, dataDir: values['data-dir'] ?? defaults.dataDir };
  return withCliApp(command, [ImportError, CashImportError], async (app) => {
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
      const { source, rows, imported, quarantined, duplicates, reversals, reposted } = cash;
      const followUps = { reversals: reversals ?? 0, reposted: reposted ?? 0 };
      io.stdout(JSON.stringify({ source, rows, imported, quarantined, duplicates, ...followUps }));
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
  });
}
