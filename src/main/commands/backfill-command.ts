/**
 * `clearpost backfill [--date YYYY-MM-DD] [--data-dir DIR]`: downloads the day's Payment Batch Detail report
 * from Cybersource, imports what the webhooks missed (through file import), requests a webhook replay for
 * the day, pulls the day's funding and chargebacks through the Reporting REST API, and prints one JSON line:
 * {"date","reportRows","alreadyHad","imported","quarantined","replayRequested"}, with "funding" and
 * "chargebacks" (what the pull stored) when the money was pulled. The date defaults to yesterday in the
 * report's zone. Plain sentences (rows that cannot post, a replay not requested, a funding download refused)
 * go to standard error; a refused report download exits 1 having imported nothing.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from '../lib/cli-io';
import { withCliApp } from './cli-app';
import { isIsoDate, previousDay } from '../lib/time-zone';
import { BackfillError } from '../intake/backfill/backfill';

export async function backfillCommand(
  argv: readonly string[],
  io: CliIo,
  defaults: { readonly dataDir: string },
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { date: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  if (values.date !== undefined && !isIsoDate(values.date)) {
    io.stderr(`clearpost backfill: --date is a calendar date YYYY-MM-DD, not "${values.date}"`);
    return 2;
  }
  const command = { name: 'backfill', io, dataDir: values['data-dir'] ?? defaults.dataDir };
  return withCliApp(command, [BackfillError], async (app) => {
    const source = await app.backfill.source();
    if (!source.ok) {
      io.stderr(`clearpost backfill: ${source.reason}`);
      return 1;
    }
    const date = values.date ?? previousDay(Date.now(), source.source.plan.timeZone);
    const summary = await app.backfill.run(date, 'command');
    const { reportRows, alreadyHad, imported, quarantined, replayRequested, money } = summary;
    const pulled = money ? { funding: money.funding, chargebacks: money.chargebacks } : {};
    io.stdout(
      JSON.stringify({ date, reportRows, alreadyHad, imported, quarantined, replayRequested, ...pulled }),
    );
    for (const notice of [...summary.notices, ...(money?.notices ?? [])])
      io.stderr(`clearpost backfill: note: ${notice}`);
    return 0;
  });
}
