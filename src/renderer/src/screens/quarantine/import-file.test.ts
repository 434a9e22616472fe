import { describe, expect, it } from 'vitest';
import type { ImportInspection } from '../../../../shared/commands/imports';
import { mayLackFacility, quarantineOfFile } from './import-file';

const inspection = (headers: string[]): ImportInspection => ({
  fileType: 'csv',
  delimiter: ',',
  source: null,
  headers,
  sampleRows: [],
  maskedValues: 0,
});

describe('the warning before importing rows without a facility', () => {
  it('warns for a Payment Batch Detail file, which never names one, unless a facility is given', () => {
    const base = {
      source: 'cybersource-batch-detail',
      inspection: inspection(['Request ID']),
      mappedFacility: null,
    };
    expect(mayLackFacility({ ...base, facility: '' })).toBe(true);
    expect(mayLackFacility({ ...base, facility: '  ' })).toBe(true);
    expect(mayLackFacility({ ...base, facility: 'NORTH' })).toBe(false);
  });

  it('warns when nothing is known of the file, and when a mapping leaves the facility out', () => {
    expect(mayLackFacility({ facility: '', source: null, inspection: null, mappedFacility: null })).toBe(
      true,
    );
    const mapped = { facility: '', source: null, inspection: inspection(['Site']) };
    expect(mayLackFacility({ ...mapped, mappedFacility: '' })).toBe(true);
    expect(mayLackFacility({ ...mapped, mappedFacility: 'Site' })).toBe(false);
  });

  it('does not warn when the header has a facility column', () => {
    const check = { facility: '', source: null, mappedFacility: null };
    expect(mayLackFacility({ ...check, inspection: inspection(['Id', 'Facility code']) })).toBe(false);
    expect(mayLackFacility({ ...check, inspection: inspection(['Id', 'Amount']) })).toBe(true);
  });

  it('links to the file’s open quarantined rows by their source', () => {
    expect(quarantineOfFile('batch 1.csv')).toBe('/quarantine?state=open&ref=batch%201.csv%23');
  });
});
