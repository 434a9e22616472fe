/**
 * `clearpost export cash --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--as-of YYYY-MM-DD] [--time-zone Area/City]
 * [--data-dir DIR]`: matches what is unmatched in the range (deposits to funding batches), then writes the
 * four-way cash balance (JSON), its variances, open exceptions, breakdown per facility, merchant account and
 * day (and over the range) and the unposted cash (CSV, and all of them in one XLSX: cash-export-files.ts), and
 * prints one JSON line with the files and their SHA-256, the legs per currency, `"variances"`,
 * `"unexplained"` and the unposted total per currency.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { systemClock } from '../clock';
import { isIsoDate, today } from '../lib/time-zone';
import { balanceCash } from '../reconciliation/cash/cash-balance';
import { writeCashExport } from '../reconciliation/cash/cash-export-files';
import { unpostedCash } from '../reconciliation/cash/unposted-cash';
import { runMatching } from '../reconciliation/cash/run-matching';

export interface CashExportIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export async function exportCashCommand(
  argv: readonly string[],
  io: CashExportIo,
  defaults: { dataDir: string },
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      'time-zone': { type: 'string', default: 'America/Chicago' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const fail = (message: string) => {
    io.stderr(`clearpost export cash: ${message}`);
    return 2;
  };
  const { from, to, out } = values;
  if (!from || !isIsoDate(from)) return fail('--from YYYY-MM-DD is required');
  if (!to || !isIsoDate(to)) return fail('--to YYYY-MM-DD is required');
  if (to < from) return fail('--to comes before --from');
  if (!out) return fail('--out DIR is required');
  const timeZone = values['time-zone'];
  try {
    Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return fail(`"${timeZone}" is not a time zone (Area/City)`);
  }
  const asOf = values['as-of'] ?? today(systemClock.now(), timeZone);
  if (!isIsoDate(asOf)) return fail('--as-of is a date YYYY-MM-DD');

  const app = await createApp({
    dataDir: values['data-dir'] ?? defaults.dataDir,
    mode: 'cli',
    engine: { autoStart: false },
  });
  try {
    const matching = runMatching({ from, to }, { db: app.store.db, repos: app.repos, clock: systemClock });
    const balance = balanceCash(app.repos, { from, to, asOf, timeZone });
    const exceptions = app.repos.cashMatching.openExceptions(asOf);
    const unposted = unpostedCash(app.repos, { asOf, timeZone });
    mkdirSync(out, { recursive: true });
    const files = await writeCashExport({ balance, exceptions, unposted }, out);
    io.stdout(
      JSON.stringify({
        files,
        from,
        to,
        asOf,
        matched: matching.matched,
        exceptions: exceptions.length,
        currencies: balance.currencies,
        balanced: balance.balanced,
        variances: balance.variances.length,
        unexplained: balance.unexplained,
        unposted: unposted.totals,
      }),
    );
    return 0;
  } finally {
    await app.close();
  }
}
