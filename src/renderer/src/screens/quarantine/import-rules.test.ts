import { describe, expect, it } from 'vitest';
import type { ImportInspection } from '../../../../shared/commands/imports';
import { argumentIssues } from '../../components/form/command-resolver';
import { requiredFields } from '../../components/form/use-command-form';
import { IMPORT_EMPTY, importBinding, importOptionArgs } from './import-rules';

const recognisedSaved: ImportInspection = {
  fileType: 'csv',
  delimiter: ';',
  source: 'Acme Pay',
  headers: ['Txn Ref', 'Paid'],
  sampleRows: [],
  maskedValues: 0,
};

describe('the import form, judged by imports.start’s rules before the file is uploaded', () => {
  const binding = importBinding(null);

  it('refuses a facility longer than main stores, under the facility', async () => {
    expect(await argumentIssues(binding, { ...IMPORT_EMPTY, facility: 'F'.repeat(101) })).toEqual([
      { path: 'facility', message: 'At most 100 characters' },
    ]);
  });

  it('sends no facility when it is left blank or only spaces, and a typed one trimmed', async () => {
    for (const facility of ['', '   ']) {
      expect(importOptionArgs({ ...IMPORT_EMPTY, facility }, null)).toEqual({});
      expect(await argumentIssues(binding, { ...IMPORT_EMPTY, facility })).toEqual([]);
    }
    expect(importOptionArgs({ ...IMPORT_EMPTY, facility: '  MAIN ', ehr: 'epic' }, null)).toEqual({
      facility: 'MAIN',
      ehr: 'epic',
    });
  });

  it('names the chosen format as the source, a saved one by its name, and none for "another processor"', () => {
    const args = (format: string, inspection: ImportInspection | null = null) =>
      importOptionArgs({ ...IMPORT_EMPTY, format }, inspection);
    expect(args('cybersource-batch-detail')).toEqual({ source: 'cybersource-batch-detail' });
    expect(args('saved:Acme Pay')).toEqual({ source: 'Acme Pay' });
    expect(args('another', recognisedSaved)).toEqual({});
    // Recognised from the header as a saved source: named, so its saved delimiter is used.
    expect(args('', recognisedSaved)).toEqual({ source: 'Acme Pay' });
    expect(args('', { ...recognisedSaved, source: 'cybersource-transaction-request' })).toEqual({});
  });

  it('marks nothing required: every option may be left as it is', async () => {
    expect([...(await requiredFields(binding, IMPORT_EMPTY))]).toEqual([]);
  });
});
