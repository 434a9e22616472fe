import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { as, base64, supervisor, useConsoleApp } from './console-helper';

const tempDir = useTempDirs();

const start = useConsoleApp(tempDir);

// Another processor's export: a title line, then a header no built-in format knows.
const ACME_1 = [
  'Acme Pay settlement export',
  'Txn Ref,Paid,Paid On,Curr,Acct,Site,System,Kind',
  'AP-1001,25.00,2025-03-04,USD,G2001,MAIN,Epic,SALE',
  'AP-1002,10.50,2025-03-04,USD,G2002,MAIN,Epic,SALE',
  'AP-1003,7.00,2025-03-04,USD,G2003,MAIN,Epic,DECLINE',
].join('\n');
const ACME_2 = [
  'Txn Ref,Paid,Paid On,Curr,Acct,Site,System,Kind',
  'AP-2001,40.00,2025-03-05,USD,G2004,MAIN,Epic,SALE',
  'AP-2002,12.00,2025-03-05,USD,G2005,MAIN,Epic,SALE',
].join('\n');

const MAPPING = {
  columns: {
    transactionId: 'Txn Ref',
    amount: 'Paid',
    transactionDate: 'Paid On',
    currency: 'Curr',
    guarantorAccount: 'Acct',
    facility: 'Site',
    ehr: 'System',
    kind: 'Kind',
  },
  kindValues: { payment: ['SALE'], refund: ['REFUND'], void: [], declined: ['DECLINE'] },
};

describe('imports.inspect', () => {
  it('reads the header of an unknown file and masks every card number in its sample', async () => {
    const { call } = await start();
    const card = '4111 1111 1111 1111';
    const inspection = await call(
      'imports.inspect',
      {
        fileName: 'acme.csv',
        contentBase64: base64(
          [
            'Acme Pay settlement export',
            'Txn Ref;Paid;Paid On;Note;CVV',
            `AP-1;1.00;2025-03-04;card ${card} by phone;123`,
            'AP-2;2.00;2025-03-04;4012888888881881;456',
            'AP-3;3.00;2025-03-04;ok;',
          ].join('\n'),
        ),
      },
      as('operator'),
    );
    expect(inspection).toMatchObject({
      fileType: 'csv',
      delimiter: ';',
      source: null,
      headers: ['Txn Ref', 'Paid', 'Paid On', 'Note', 'CVV'],
      maskedValues: 4,
    });
    expect(inspection.sampleRows).toHaveLength(3);
    expect(inspection.sampleRows[0]?.[3]).toBe('card **** **** **** 1111 by phone');
    expect(inspection.sampleRows[1]?.[3]).toBe('************1881');
    const text = JSON.stringify(inspection);
    expect(text.replace(/\s/g, '')).not.toContain('4111111111111111');
    expect(text).not.toContain('4012888888881881');
    expect(text).not.toContain('123');
    expect(text).not.toContain('456');
  });

  it('recognises built-in formats and saved sources, and reads XLSX', async () => {
    const { call } = await start();
    const builtIn = await call('imports.inspect', {
      fileName: 'tr.csv',
      contentBase64: base64(
        'Transaction Request Report,1.0,2025-03-02 to 2025-03-02\n' +
          'merchant_id,txn_batch_id,payment_processor,request_id,trans_ref_no,merchant_ref_number,ics_rflag,amount,currency,action\n' +
          'm,1,vital,1,1,R1,SOK,1.00,USD,PENDING\n',
      ),
    });
    expect(builtIn.source).toBe('cybersource-transaction-request');

    expect(
      (await call('imports.inspect', { fileName: 'a.csv', contentBase64: base64(ACME_2) })).source,
    ).toBeNull();
    await call('imports.mappings.save', { source: 'Acme Pay', mapping: MAPPING });
    expect((await call('imports.inspect', { fileName: 'a.csv', contentBase64: base64(ACME_2) })).source).toBe(
      'Acme Pay',
    );

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Export');
    sheet.addRow(['Txn Ref', 'Paid', 'Card']);
    sheet.addRow(['X-1', 5, '5555555555554444']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const fromXlsx = await call('imports.inspect', { fileName: 'a.xlsx', contentBase64: xlsx });
    expect(fromXlsx).toMatchObject({
      fileType: 'xlsx',
      headers: ['Txn Ref', 'Paid', 'Card'],
      sampleRows: [['X-1', '5', '************4444']],
      maskedValues: 1,
    });
  });

  it('is refused to viewers and for content that is not base64', async () => {
    const { failure } = await start();
    expect(
      await failure('imports.inspect', { fileName: 'a.csv', contentBase64: base64(ACME_2) }, as('viewer')),
    ).toMatchObject({ code: 'forbidden' });
    expect(await failure('imports.inspect', { fileName: 'a.csv', contentBase64: '%%%' })).toMatchObject({
      code: 'invalid_arguments',
    });
  });
});

describe('generic column mappings', () => {
  it('saves the mapping an import brings, and a later file of the source imports without one', async () => {
    const { app, call, finished } = await start();
    const first = await call(
      'imports.start',
      { fileName: 'acme-1.csv', contentBase64: base64(ACME_1), source: 'Acme Pay', mapping: MAPPING },
      as('operator'),
    );
    expect(await finished(first.id)).toMatchObject({
      state: 'done',
      source: 'Acme Pay',
      counts: { rows: 3, imported: 3, quarantined: 0 },
    });
    expect(await call('imports.mappings.list', {}, as('viewer'))).toEqual([
      { source: 'Acme Pay', updatedAt: expect.any(Number) as number },
    ]);
    const saved = await call('imports.mappings.get', { source: 'Acme Pay' }, as('viewer'));
    expect(saved).toMatchObject({ source: 'Acme Pay', problems: [], mapping: { columns: MAPPING.columns } });
    expect(app.repos.audit.forSubject('import_mapping', 'Acme Pay')[0]).toMatchObject({
      actor: 'a.operator',
      action: 'import_mapping.saved',
      details: { via: 'imports.start' },
    });

    // No source, no mapping: the header is recognised as the saved source's.
    const second = await call(
      'imports.start',
      { fileName: 'acme-2.csv', contentBase64: base64(ACME_2) },
      as('operator'),
    );
    expect(await finished(second.id)).toMatchObject({
      state: 'done',
      source: 'Acme Pay',
      counts: { rows: 2, imported: 2, quarantined: 0 },
    });
    const events = app.store.db
      .prepare(
        "SELECT processor_txn_id AS id FROM payment_events WHERE processor_txn_id LIKE 'AP-%' ORDER BY 1",
      )
      .all();
    expect(events).toEqual(['AP-1001', 'AP-1002', 'AP-1003', 'AP-2001', 'AP-2002'].map((id) => ({ id })));
  });

  it('refuses invalid mappings with the fields named, and a built-in name', async () => {
    const { call, failure } = await start();
    const bad = await failure('imports.mappings.save', {
      source: 'Acme Pay',
      mapping: { columns: { transactionId: 'Txn Ref', amount: '' }, defaultCurrency: 'DOLLARS' },
    });
    expect(bad.code).toBe('invalid_arguments');
    expect(bad.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'mapping.columns.amount',
        'mapping.columns.transactionDate',
        'mapping.defaultCurrency',
      ]),
    );
    const noCurrency = await failure('imports.start', {
      fileName: 'acme.csv',
      contentBase64: base64(ACME_2),
      source: 'Acme Pay',
      mapping: { columns: { transactionId: 'Txn Ref', amount: 'Paid', transactionDate: 'Paid On' } },
    });
    expect(noCurrency.issues).toEqual([
      { path: 'mapping.columns.currency', message: 'a currency column or a default currency is required' },
    ]);
    expect(
      await failure('imports.mappings.save', { source: 'cybersource-batch-detail', mapping: MAPPING }),
    ).toMatchObject({ code: 'invalid_arguments', issues: [{ path: 'source' }] });
    expect(
      await failure('imports.start', { fileName: 'a.csv', contentBase64: base64(ACME_2), mapping: MAPPING }),
    ).toMatchObject({ code: 'invalid_arguments', issues: [{ path: 'source' }] });
    expect(await call('imports.mappings.list', {})).toEqual([]);
  });

  it("keeps saving, changing and deleting mappings a supervisor's", async () => {
    const { app, call, failure } = await start();
    for (const role of ['viewer', 'operator'] as const) {
      expect(
        await failure('imports.mappings.save', { source: 'Acme Pay', mapping: MAPPING }, as(role)),
      ).toMatchObject({ code: 'forbidden' });
    }
    await call('imports.mappings.save', { source: 'Acme Pay', mapping: MAPPING });
    // An operator may import with the saved mapping as it is, but not change it on the way.
    const changed = { ...MAPPING, columns: { ...MAPPING.columns, amount: 'Curr' } };
    expect(
      await failure(
        'imports.start',
        { fileName: 'a.csv', contentBase64: base64(ACME_2), source: 'Acme Pay', mapping: changed },
        as('operator'),
      ),
    ).toMatchObject({ code: 'forbidden' });
    expect((await call('imports.mappings.get', { source: 'Acme Pay' })).mapping.columns.amount).toBe('Paid');
    expect(await failure('imports.mappings.delete', { source: 'Acme Pay' }, as('operator'))).toMatchObject({
      code: 'forbidden',
    });
    expect(await call('imports.mappings.delete', { source: 'Acme Pay' })).toEqual({ deleted: true });
    expect(await call('imports.mappings.delete', { source: 'Acme Pay' })).toEqual({ deleted: false });
    expect(await failure('imports.mappings.get', { source: 'Acme Pay' })).toMatchObject({
      code: 'not_found',
    });
    expect(app.repos.audit.forSubject('import_mapping', 'Acme Pay').map((e) => [e.actor, e.action])).toEqual([
      [supervisor.actor, 'import_mapping.saved'],
      [supervisor.actor, 'import_mapping.deleted'],
    ]);
  });
});
