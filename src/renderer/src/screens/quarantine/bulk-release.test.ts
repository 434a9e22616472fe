import { describe, expect, it } from 'vitest';
import { addResults, groupOf, groupTitle, releaseSummary } from './bulk-release';

describe('bulk correct-and-release', () => {
  it('groups a file’s rows by the file and the reason, a webhook’s by the reason only', () => {
    const fileRow = {
      source: 'file' as const,
      sourceRef: 'march #2.csv#line 12',
      reasonCode: 'missing_facility',
    };
    expect(groupOf(fileRow)).toEqual({ reasonCode: 'missing_facility', sourceRef: 'march #2.csv#' });
    expect(groupTitle(groupOf(fileRow))).toBe('every open row of march #2.csv with this reason');
    const hook = { source: 'webhook' as const, sourceRef: 'webhook:abc', reasonCode: 'unknown_ehr' };
    expect(groupOf(hook)).toEqual({ reasonCode: 'unknown_ehr', sourceRef: null });
  });

  it('says what every row came to, never "done" for rows that were kept', () => {
    const total = addResults([
      {
        released: 3,
        alreadyReceived: 0,
        stillQuarantined: 1,
        refused: 0,
        items: [
          {
            id: 9,
            outcome: 'still_quarantined',
            message: 'The EHR "Meditech" is not Epic or Oracle Health.',
          },
        ],
      },
      { released: 2, alreadyReceived: 1, stillQuarantined: 0, refused: 1, items: [] },
    ]);
    expect(releaseSummary(total)).toBe(
      '5 rows released and queued for posting; 1 row already received (nothing new posted); 1 row still quarantined (The EHR "Meditech" is not Epic or Oracle Health.); 1 row not released (closed meanwhile).',
    );
    expect(releaseSummary(addResults([]))).toBe('No open row was left to release.');
  });
});
