/**
 * The quarantine part of the daily reconciliation file: beside each facility's file, the input quarantined
 * that facility day (`recon_MAIN_2026-12-06_quarantined.csv`), and for input naming no facility the
 * unassigned file (`recon_unassigned_2026-12-06_quarantined.csv`). Written only when there is such input.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../../shared/domain';
import { AtomicFileStream, writeStreamAtomic } from '../lib/atomic-stream-write';
import type { AtomicWriteHooks } from '../lib/atomic-write';
import { quarantineRepository } from '../store/repositories/quarantine';
import { csvChunks } from './csv-output';
import type { DateBasis } from './date-basis';
import type { FacilityZones } from './facility-zones';
import { reportFileName } from './file-names';
import { quarantineFacilities, quarantinedForDay, quarantineTable, UNASSIGNED } from './quarantine-rows';
import type { TabularFile } from './tabular-files';
import { sheetOf, writeXlsx } from './xlsx-output';
import { fixZipTimestamps } from './zip-timestamps';

export async function writeQuarantineFiles(
  db: Database,
  zones: FacilityZones,
  request: { date: IsoDate; basis: DateBasis; facility?: string | undefined; format: 'csv' | 'xlsx' },
  dir: string,
  hooks: AtomicWriteHooks = {},
): Promise<{ facility: string; file: TabularFile }[]> {
  const quarantine = quarantineRepository(db);
  const owners =
    request.facility === undefined ? quarantineFacilities(quarantine, request.date) : [request.facility];
  const written: { facility: string; file: TabularFile }[] = [];
  for (const owner of owners.sort((a, b) => (a ?? '').localeCompare(b ?? '', 'en'))) {
    const rows = quarantinedForDay(quarantine, zones, request.date, owner);
    if (rows.length === 0) continue;
    const facility = owner ?? UNASSIGNED;
    const table = quarantineTable(rows, zones);
    const fileName = reportFileName(
      'recon',
      facility,
      request.date,
      request.basis,
      `_quarantined.${request.format}`,
    );
    const path = join(dir, fileName);
    let done;
    if (request.format === 'csv') {
      done = await writeStreamAtomic(path, csvChunks(table), hooks);
    } else {
      const out = await AtomicFileStream.open(path, hooks);
      try {
        await writeXlsx(out, [sheetOf(table)]);
        done = await out.commit(fixZipTimestamps);
      } catch (error) {
        await out.abort();
        throw error;
      }
    }
    written.push({ facility, file: { ...done, fileName, path, format: request.format, rows: rows.length } });
  }
  return written;
}
