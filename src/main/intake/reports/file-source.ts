/** Opening a report file: its content hash (the identity that makes re-imports add nothing) and its records. */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { readCsvRecords } from './csv-records';
import type { ReportRecord } from './records';
import { readXlsxRecords } from './xlsx-records';

/** XLSX files are zip archives: recognised by content, not by name. */
export async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

export interface RecordSourceOptions {
  readonly xlsx: boolean;
  readonly delimiter: string;
  readonly sheet: number;
  readonly onBytes: (bytesRead: number) => void;
}

export function readRecords(path: string, options: RecordSourceOptions): AsyncGenerator<ReportRecord> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!options.xlsx) return readCsvRecords(file, { delimiter: options.delimiter, onBytes: options.onBytes });
  let bytes = 0;
  const counted = new PassThrough();
  file.on('data', (chunk) => {
    bytes += (chunk as Buffer).length;
    options.onBytes(bytes);
  });
  file.on('error', (error) => counted.destroy(error));
  file.pipe(counted);
  return readXlsxRecords(counted, { sheet: options.sheet });
}
