/**
 * `clearpost export cash --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--as-of YYYY-MM-DD] [--time-zone Area/City]
 * [--data-dir DIR]`: matches what is unmatched in the range (deposits to funding batches), then writes the
 * four-way cash balance (JSON) and its variances and open exceptions (CSV), and prints one JSON line with the
 * files and their SHA-256, the legs per currency, `"variances"` and `"unexplained"`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv } from '../../shared/csv';
import { createApp } from '../app';
import { systemClock } from '../clock';
import { writeFileAtomic } from '../lib/atomic-write';
import { isIsoDate, today } from '../lib/time-zone';
import { balanceCash } from '../reconciliation/cash/cash-balance';
import { CASH_CAUSE_LABEL, UNEXPLAINED_CASH_CAUSES } from '../reconciliation/cash/cash-variance';
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
    mkdirSync(out, { recursive: true });
    const stem = `cash-${from}_${to}`;
    const files = [
      write(join(out, `${stem}-balance.json`), `${JSON.stringify(balance, null, 2)}\n`, 1),
      write(
        join(out, `${stem}-variances.csv`),
        toCsv(
          [
            'leg',
            'cause',
            'cause_text',
            'unexplained',
            'currency',
            'amount_minor',
            'subject',
            'date',
            'detail',
          ],
          balance.variances.map((v) => [
            v.leg,
            v.cause,
            CASH_CAUSE_LABEL[v.cause],
            UNEXPLAINED_CASH_CAUSES.has(v.cause) ? 'yes' : 'no',
            v.currency,
            v.amountMinor,
            v.subject,
            v.date,
            v.detail,
          ]),
        ),
        balance.variances.length,
      ),
      write(
        join(out, `${stem}-exceptions.csv`),
        toCsv(
          [
            'kind',
            'id',
            'since',
            'age_days',
            'currency',
            'amount_minor',
            'reason',
            'owner',
            'note',
            'follow_up',
          ],
          exceptions.map((e) => [
            e.subjectType,
            e.subjectId,
            e.since,
            e.ageDays,
            e.currency,
            e.amountMinor,
            e.reason,
            e.owner,
            e.note,
            e.followUp,
          ]),
        ),
        exceptions.length,
      ),
    ];
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
      }),
    );
    return 0;
  } finally {
    await app.close();
  }
}

function write(path: string, text: string, rows: number) {
  const bytes = Buffer.from(text, 'utf8');
  writeFileAtomic(path, [bytes]);
  return { path, rows, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
