import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { couldRunAsFormula } from '../../../src/shared/formula-guard';
import { toCsv } from '../../../src/shared/csv';
import { useTempDirs } from '../../helpers/temp-dir';
import { useReportHarness } from './harness';

const tempDir = useTempDirs();
const harness = useReportHarness(tempDir);
const requester = { trigger: 'cli', actor: 'test' } as const;

/** Every way a cell (or a line inside it) can start a formula in a spreadsheet. */
const DANGEROUS = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  'ok\n=HYPERLINK("http://evil.example")',
  'ok\r+cmd|calc',
  'ok\r\n-2+3',
  'ok\n\n@x',
  'ok\n\t=1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  'ok\n＝1',
] as const;

function parsedCells(path: string): string[][] {
  const rows: string[][] = parse(readFileSync(path), { bom: true });
  return rows;
}

describe('CSV exports: no cell and no line inside a cell starts a formula', () => {
  it('a bare LF or CR inside a text field is quoted and guarded, so a row never splits', async () => {
    const { service, seed } = await harness();
    seed('failure', { merchantRef: 'line one\n=1+1', guarantorAccount: 'A\rB' }, { reason: 'x\r\n@y' });
    const out = tempDir();
    const [file] = await service().exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
      requester,
    );
    const raw = readFileSync(file?.path ?? '', 'utf8');
    expect(raw).toContain(`"line one\n'=1+1"`);
    expect(raw).toContain('"A\rB"');
    const rows = parsedCells(file?.path ?? '');
    expect(rows).toHaveLength(2);
  });

  it('every text field carrying each dangerous form, in the reconciliation file and the detail report', async () => {
    const { app, service, seed } = await harness();
    const seeded: number[] = [];
    DANGEROUS.forEach((form, index) => {
      const suffix = String(index);
      const { postingId, eventId } = seed(
        'failure',
        {
          processorTxnId: `${form}${suffix}`,
          guarantorAccount: form,
          encounterId: form,
          merchantRef: form,
          cardBrand: form,
          reasonCode: form,
          effectiveDate: form,
          fundingDate: form,
        },
        { reasonCode: form, reason: form, nextStep: form },
      );
      // Card last 4 cannot carry text (the store admits four digits only). Fields the intake writes directly (manual payments: department and the operator who entered it).
      app.store.db
        .prepare('UPDATE payment_events SET department = ?, entered_by = ? WHERE id = ?')
        .run(form, form, eventId);
      app.store.db.prepare('UPDATE postings SET ehr_reference = ? WHERE id = ?').run(form, postingId);
      seeded.push(postingId);
    });

    for (const kind of ['recon', 'detail'] as const) {
      const out = tempDir();
      const files = await service().exportTabular(
        { kind, date: '2026-11-22', facility: 'MAIN', format: 'csv', outDir: out },
        requester,
      );
      const main = files.find((f) => !f.file.endsWith('_totals.csv'));
      const rows = parsedCells(main?.path ?? '');
      // One record per posting, plus the header: no line break split a row.
      expect(rows).toHaveLength(seeded.length + 1);
      const header = rows[0] ?? [];
      let checked = 0;
      for (const row of rows.slice(1)) {
        expect(row).toHaveLength(header.length);
        row.forEach((cell, column) => {
          // Amounts keep their sign as numbers; every other cell is text that must be inert.
          if (header[column] === 'Amount' || header[column] === 'Service fee') return;
          expect(couldRunAsFormula(cell), `${kind} ${String(header[column])}: ${JSON.stringify(cell)}`).toBe(
            false,
          );
          checked += 1;
        });
      }
      // Each dangerous form went through more than one text column of each row.
      expect(checked).toBeGreaterThan(seeded.length * 10);
      // And the text is kept, not dropped: the guard only prefixes.
      const merchantColumn = header.indexOf(kind === 'recon' ? 'Merchant reference' : 'Guarantor account');
      const values = rows.slice(1).map((r) => r[merchantColumn] ?? '');
      for (const form of DANGEROUS) {
        expect(values.some((v) => v.replace(/'/g, '') === form.replace(/'/g, ''))).toBe(true);
      }
    }
  });

  it("the console's own CSV (receipts) uses the same guard", () => {
    const text = toCsv(
      ['Field'],
      DANGEROUS.map((form) => [form]),
    );
    const rows: string[][] = parse(text);
    expect(rows).toHaveLength(DANGEROUS.length + 1);
    for (const [cell] of rows.slice(1)) expect(couldRunAsFormula(cell ?? '')).toBe(false);
  });
});
