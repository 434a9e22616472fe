import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { useReportHarness } from './harness';

const tempDir = useTempDirs();
const harness = useReportHarness(tempDir);
const requester = { trigger: 'cli', actor: 'test' } as const;
const run = promisify(execFile);

/** LibreOffice's converter, when installed (`.ci/run` installs it; a developer machine may not have it). */
function soffice(): string | null {
  for (const path of ['/usr/bin/soffice', '/usr/local/bin/soffice', '/usr/bin/libreoffice']) {
    if (existsSync(path)) return path;
  }
  return null;
}
const converter = soffice();
if (!converter) {
  process.stdout.write(
    'xlsx-print: skipping the PDF page counts: LibreOffice (soffice) is not installed (apt-get install -y libreoffice-calc-nogui)\n',
  );
}

/** Converts with a private LibreOffice profile, so parallel runs do not share (and lock) one. */
async function pdfPages(xlsx: string): Promise<number> {
  const out = tempDir();
  await run(
    converter ?? 'soffice',
    [`-env:UserInstallation=file://${tempDir()}`, '--headless', '--convert-to', 'pdf', '--outdir', out, xlsx],
    { timeout: 120_000 },
  );
  const pdf = readFileSync(join(out, basename(xlsx).replace(/\.xlsx$/, '.pdf'))).toString('latin1');
  // Each page is one `/Type /Page` object (the page tree is `/Type /Pages`).
  return pdf.match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

async function dayOf(rows: number) {
  const h = await harness();
  h.app.store.db.transaction(() => {
    for (let i = 0; i < rows; i += 1) {
      // Every row is one the file lists (it lists what did not post).
      h.seed(
        (['failure', 'retry', 'not_applicable', 'will_not_be_sent'] as const)[i % 4] ?? 'failure',
        { amountMinor: 1_234_567 + i, transactionAt: Date.UTC(2026, 10, 22, 15, 0, i) },
        i % 3 === 0
          ? {
              reasonCode: '422',
              reason: 'Unprocessable Entity: the encounter is closed for posting in Patient Accounting.',
              nextStep: 'Manually post payment.',
            }
          : {},
      );
    }
  })();
  const out = tempDir();
  const [file] = await h
    .service()
    .exportTabular(
      { kind: 'recon', date: '2026-11-22', facility: 'MAIN', format: 'xlsx', outDir: out },
      requester,
    );
  return file?.path ?? '';
}

describe('the XLSX reconciliation file is readable on screen and on paper', () => {
  it('fits widths to the content (capped), formats amounts and dates, freezes and repeats the header, prints landscape one page wide', async () => {
    const path = await dayOf(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Reconciliation')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const column = (name: string) => sheet.getColumn(header.indexOf(name));
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name));

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow).toBe('1:1');

    expect(cell('Amount').value).toBe(12_345.67);
    expect(cell('Amount').numFmt).toBe('#,##0.00');
    expect(cell('Business date').value).toEqual(new Date('2026-11-22T00:00:00Z'));
    expect(cell('Business date').numFmt).toBe('yyyy-mm-dd');
    // The transaction time keeps its zone as text.
    expect(typeof cell('Transaction time').value).toBe('string');

    // Wide enough for what they hold: no cut transaction ids or statuses; long reasons are capped.
    expect(column('Transaction ID').width).toBeGreaterThanOrEqual('T0000001'.length);
    expect(column('Status').width).toBeGreaterThanOrEqual('Failure'.length);
    expect(column('Amount').width).toBeGreaterThanOrEqual('12,345.67'.length);
    expect(column('Reason').width).toBe(45);
    for (let i = 1; i <= header.length - 1; i += 1)
      expect(sheet.getColumn(i).width ?? 0).toBeLessThanOrEqual(45);
  });

  it.skipIf(!converter)(
    'a 200-row day prints on a few landscape pages, one page wide (LibreOffice headless PDF)',
    async () => {
      // One row: one page for the rows (so every column fits one page wide), one for the control totals.
      expect(await pdfPages(await dayOf(1))).toBe(2);
      // 200 rows: five portrait pages before (and cut columns); now two landscape pages one page wide, the
      // header repeated on each, plus the control totals' page. Two, not one: the fit is to the width only.
      expect(await pdfPages(await dayOf(200))).toBe(3);
    },
    300_000,
  );
});
