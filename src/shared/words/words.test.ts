import { describe, expect, it } from 'vitest';
import { EHR_LABEL, POSTING_STATUSES } from '../domain';
import {
  AUDIT_WORDS,
  REASONS,
  STATUS_NAME,
  auditInWords,
  connectionLabel,
  count,
  fieldName,
  issueInWords,
  itemReason,
  plainText,
  reasonWords,
  startsWithHttpStatus,
  totalsLabel,
} from './index';

/** A stored key leaking into a sentence: snake_case, dotted actions, JSON paths, "(code x)". */
const RAW_KEY = /\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+\.[a-z_]+\b|\$\.|\(code /;
const HTTP_LEAD = /^(?:HTTP\s*)?[1-5]\d\d\b/;

describe('the words table', () => {
  const rows = Object.keys(REASONS).flatMap((code) =>
    [null, ...Object.values(EHR_LABEL)].map((ehr) => ({ code, ehr, words: reasonWords(code, ehr) })),
  );

  it('has a sentence and a next step for every reason, none starting with an HTTP status', () => {
    for (const { code, words } of rows) {
      expect(words, code).not.toBeNull();
      for (const text of [words!.sentence, words!.nextStep]) {
        expect(text, code).not.toMatch(HTTP_LEAD);
        expect(text, code).toMatch(/^[A-Z]/);
        expect(text, code).toMatch(/[.)]$/);
      }
    }
  });

  it('holds no raw key or unfilled placeholder in any sentence', () => {
    for (const { code, words } of rows) {
      expect(`${words!.sentence} ${words!.nextStep}`, code).not.toMatch(RAW_KEY);
      expect(`${words!.sentence} ${words!.nextStep}`, code).not.toContain('{');
    }
    for (const [action, text] of Object.entries(AUDIT_WORDS)) {
      expect(text, action).not.toMatch(RAW_KEY);
    }
    for (const status of POSTING_STATUSES) expect(STATUS_NAME[status]).not.toMatch(RAW_KEY);
  });

  it('names the EHR, with a capital at the start of a sentence', () => {
    expect(reasonWords('not_found', 'Oracle Health')?.sentence).toBe(
      'The account or encounter was not found in Oracle Health.',
    );
    expect(reasonWords('timeout')?.sentence).toBe('The EHR did not answer in time.');
    expect(reasonWords('no_such_code')).toBeNull();
  });
});

describe('plain text from older or foreign messages', () => {
  it.each([
    ['404 Not Found: Account 123 not found', 'Account 123 not found'],
    ['429 Too Many Requests', ''],
    ['422 Unprocessable Entity (business rule): encounter is closed', 'Encounter is closed'],
    ['404 [59144]: Guarantor 40000000 was not found', 'Guarantor 40000000 was not found'],
    ['Refused (code not_found)', 'Refused'],
    ['Unprocessable Entity: the encounter is closed', 'The encounter is closed'],
    ['$.merchant_ref_number is required', 'Merchant reference number is required'],
  ])('%s → %s', (raw, plain) => {
    expect(plainText(raw)).toBe(plain);
    expect(startsWithHttpStatus(plainText(raw))).toBe(false);
  });
});

describe('an item’s reason', () => {
  it('reads a stored "404 Not Found: …" as the table sentence, with the EHR’s words as detail', () => {
    const reason = itemReason({
      reasonCode: 'not_found',
      reason: '404 Not Found: Guarantor 40000000 was not found',
      nextStep: null,
      ehr: 'oracle_health',
    });
    expect(reason.sentence).toBe('The account or encounter was not found in Oracle Health.');
    expect(reason.detail).toBe('Guarantor 40000000 was not found');
    expect(reason.nextStep).toMatch(/^Manually post payment after confirming/);
  });

  it('reads the EHR’s own words out of a reason the connectors wrote', () => {
    const reason = itemReason({
      reasonCode: 'not_found',
      reason:
        'The account or encounter was not found in Epic. Epic said: “Guarantor 40000000 was not found.”',
      nextStep: null,
      ehr: 'epic',
    });
    expect(reason).toMatchObject({
      sentence: 'The account or encounter was not found in Epic.',
      detail: 'Guarantor 40000000 was not found.',
    });
  });

  it('drops a "429 Too Many Requests: Too Many Requests" detail that says nothing more', () => {
    const reason = itemReason({
      reasonCode: 'rate_limited',
      reason: '429 Too Many Requests: Too Many Requests',
      nextStep: null,
      ehr: 'epic',
    });
    expect(reason).toMatchObject({ sentence: 'Epic asked Clearpost to slow down.', detail: null });
  });

  it('keeps the engine’s own reason, which carries the facts of the item', () => {
    const reason = itemReason({
      reasonCode: 'no_connection',
      reason: 'No Epic connection is configured for facility NORTH.',
      nextStep: null,
      ehr: 'epic',
    });
    expect(reason.sentence).toBe('No Epic connection is configured for facility NORTH.');
    expect(reason.nextStep).toMatch(/Add the connection in Settings/);
  });
});

describe('labels, fields, counts', () => {
  it('names fields in words, from paths and argument keys', () => {
    expect(fieldName('$.merchant_ref_number')).toBe('Merchant reference number');
    expect(fieldName('processorTxnId')).toBe('Processor transaction id');
    expect(fieldName('corrections.facility')).toBe('Facility');
    expect(fieldName('')).toBe('The request');
    expect(issueInWords({ path: 'processorTxnId', message: 'Required' })).toBe(
      'Processor transaction id: Required',
    );
  });

  it('reads totals labels and audit actions in words', () => {
    expect(totalsLabel('kind one_time_payment')).toBe('One-time payment');
    expect(totalsLabel('tender manual_check')).toBe('Check');
    expect(auditInWords('posting.created', 'engine')).toBe('Received and queued for posting');
    expect(auditInWords('quarantine.released', 'ana')).toBe('Released from quarantine by ana');
    expect(auditInWords('something.new_thing', 'ana')).toBe('Something new thing by ana');
  });

  it('pluralises and deduplicates connection names', () => {
    expect(count(1, 'exception', 'to work')).toBe('1 exception to work');
    expect(count(3, 'exception', 'to work')).toBe('3 exceptions to work');
    expect(count(2, 'entry')).toBe('2 entries');
    expect(connectionLabel('oracle_health', 'Oracle Health (sandbox)')).toBe('Oracle Health (sandbox)');
    expect(connectionLabel('epic', 'Epic')).toBe('Epic');
    expect(connectionLabel('epic', 'North campus')).toBe('Epic · North campus');
  });
});

describe('report refusals', () => {
  it('say a file asked for too early in one whole sentence with the way out', async () => {
    const { dayNotOver } = await import('./reports');
    expect(
      dayNotOver(
        'epic_voids',
        '2026-12-06',
        '2026-12-06 is not over yet in RIVERSIDE (America/Chicago); its Epic file can be generated from midnight on',
      ),
    ).toBe(
      'The Epic void/refund file for 2026-12-06 cannot be written yet: that day is not over in RIVERSIDE (America/Chicago). Write it from midnight there, or choose an earlier day.',
    );
    expect(dayNotOver('recon', '2026-12-06', 'something else')).toMatch(
      /^The daily reconciliation file for 2026-12-06 cannot be written yet: that day is not over in every facility\./,
    );
  });
});
