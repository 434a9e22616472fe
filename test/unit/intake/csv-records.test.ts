import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../src/main/intake/reports/csv-records';
import type { ReportRecord } from '../../../src/main/intake/reports/records';

async function read(chunks: (string | Buffer)[]): Promise<ReportRecord[]> {
  const out: ReportRecord[] = [];
  for await (const r of readCsvRecords(Readable.from(chunks))) out.push(r);
  return out;
}

describe('CSV records', () => {
  it('handles BOM, CRLF, blank lines, quoted commas and newlines, across chunk boundaries', async () => {
    const text = '\uFEFFa,b\r\n\r\n1,"x, y"\r\n2,"multi\r\nline ""q"""\r\n3,z';
    const whole = await read([text]);
    const bytes = Buffer.from(text);
    const split = await read([
      bytes.subarray(0, 1),
      bytes.subarray(1, 9),
      bytes.subarray(9, 20),
      bytes.subarray(20),
    ]);
    expect(split).toEqual(whole);
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', 'x, y'] },
      { line: 4, fields: ['2', 'multi\nline "q"'] },
      { line: 6, fields: ['3', 'z'] },
    ]);
  });

  it('splits a multi-byte character across chunks correctly', async () => {
    const bytes = Buffer.from('name\nJosé\n');
    const records = await read([bytes.subarray(0, 9), bytes.subarray(9)]);
    expect(records).toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['José'] },
    ]);
  });

  it('reports an unclosed quote at its line and resumes on the next line', async () => {
    const records = await read(['a,b\n1,"open\n2,ok\n3,ok\n']);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'The row has a quote that is never closed.', raw: '1,"open' },
      { line: 3, fields: ['2', 'ok'] },
      { line: 4, fields: ['3', 'ok'] },
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text', async () => {
    expect(await read(['5" wide,ok\n'])).toEqual([{ line: 1, fields: ['5" wide', 'ok'] }]);
  });
});
