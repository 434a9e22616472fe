/**
 * `clearpost export recon|detail|epic-voids|balance --date YYYY-MM-DD [--facility F] [--format csv|xlsx]
 * [--basis transaction|effective|funding] [--zone FACILITY=Area/City ...] [--time-zone Area/City]
 * [--ehr-file FILE] --out DIR`: for scheduled tasks on servers. Prints one JSON object: the files written,
 * with row counts, totals and hashes; for `balance` also the number of variances and of unexplained ones.
 * `balance` reads the EHR side from `--ehr-file` (an EHR posting export, see ehr-side.ts) or, in a sandbox
 * data folder, from the simulators' ledgers.
 */
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import type { Logger } from '../logger';
import { writeBalanceFiles } from '../reconciliation/balance-export';
import { balanceDay } from '../reconciliation/balancing';
import { isIsoDate } from '../lib/time-zone';
import { DATE_BASES, type DateBasis } from '../reconciliation/date-basis';
import { readEhrPostingFile, type EhrSideEntry } from '../reconciliation/ehr-side';
import { ReportError } from '../reconciliation/report-requests';

export interface ExportIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

const KINDS = {
  recon: 'recon',
  detail: 'detail',
  'epic-voids': 'epic_voids',
  balance: 'balance',
} as const;

export async function exportCommand(
  argv: readonly string[],
  io: ExportIo,
  defaults: { dataDir: string; logger?: Logger },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      facility: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      basis: { type: 'string', default: 'transaction' },
      out: { type: 'string' },
      zone: { type: 'string', multiple: true, default: [] },
      'time-zone': { type: 'string', default: 'America/Chicago' },
      'data-dir': { type: 'string' },
      'ehr-file': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const fail = (message: string) => {
    io.stderr(`clearpost export: ${message}`);
    return 2;
  };
  const [which, ...extra] = positionals;
  if (!which || extra.length > 0 || !Object.hasOwn(KINDS, which)) {
    return fail('say what to export: recon, detail, epic-voids or balance');
  }
  const kind = KINDS[which as keyof typeof KINDS];
  if (!values.date || !isIsoDate(values.date)) return fail('--date YYYY-MM-DD is required');
  if (!values.out) return fail('--out DIR is required');
  if (values.format !== 'csv' && values.format !== 'xlsx') return fail('--format is csv or xlsx');
  if (!DATE_BASES.includes(values.basis as DateBasis))
    return fail('--basis is transaction, effective or funding');
  const timeZones: Record<string, string> = {};
  for (const pair of values.zone) {
    const [facility, zone] = pair.split('=');
    if (!facility || !zone) return fail(`--zone takes FACILITY=Area/City, not "${pair}"`);
    timeZones[facility] = zone;
  }
  let app;
  try {
    app = await createApp({
      dataDir: values['data-dir'] ?? defaults.dataDir,
      mode: 'cli',
      engine: { autoStart: false },
      reports: { timeZones, defaultTimeZone: values['time-zone'], schedule: false },
      ...(defaults.logger ? { logger: defaults.logger } : {}),
    });
  } catch (error) {
    if (error instanceof RangeError) return fail(error.message);
    throw error;
  }
  try {
    const { service } = app.reports;
    if (kind === 'balance') {
      let side: EhrSideEntry[] | null;
      try {
        side = values['ehr-file'] ? readEhrPostingFile(values['ehr-file']) : app.reports.ehrSide();
      } catch (error) {
        return fail(`cannot read the EHR file: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!side) return fail('--ehr-file FILE is required: the EHR side to balance against');
      const balance = balanceDay(
        app.store.db,
        service.zones,
        { date: values.date, basis: values.basis as DateBasis, facility: values.facility },
        side,
      );
      const written = await writeBalanceFiles(balance, values.format, values.out);
      io.stdout(
        JSON.stringify({
          files: written.map((f) => ({
            file: f.file,
            path: f.path,
            format: f.format,
            rows: f.rows,
            sha256: f.sha256,
            bytes: f.bytes,
          })),
          date: balance.date,
          basis: balance.basis,
          facility: balance.facility,
          balanced: balance.balanced,
          variances: balance.variances.length,
          unexplained: balance.unexplained,
          processor: balance.processor,
          clearpost: balance.clearpost,
          ehr: balance.ehr,
        }),
      );
      return 0;
    }
    const requester = { trigger: 'cli', actor: 'cli' } as const;
    const files =
      kind === 'epic_voids'
        ? await service.exportEpicVoids(
            { date: values.date, facility: values.facility, outDir: values.out },
            requester,
          )
        : await service.exportTabular(
            {
              kind,
              date: values.date,
              basis: values.basis as DateBasis,
              facility: values.facility,
              format: values.format,
              outDir: values.out,
            },
            requester,
          );
    io.stdout(
      JSON.stringify({
        files: files.map((f) => ({
          file: f.file,
          path: f.path,
          kind: f.kind,
          facility: f.facility,
          date: f.date,
          basis: f.basis,
          format: f.format,
          rows: f.rows,
          totals: f.totals,
          totalsMinor: f.totalsMinor,
          sha256: f.sha256,
          bytes: f.bytes,
        })),
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof ReportError) {
      io.stderr(`clearpost export: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}
