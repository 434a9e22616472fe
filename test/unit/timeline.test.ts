import { describe, expect, it } from 'vitest';
import {
  attemptSummary,
  attemptTitle,
  describeAudit,
  lineageOf,
} from '../../src/renderer/src/screens/detail/timeline-entries';
import type { PostingDetail } from '../../src/shared/contract';
import type { Attempt, AuditEvent } from '../../src/shared/domain';

const attempt = (
  id: number,
  kind: Attempt['kind'],
  startedAt: number,
  extra: Partial<Attempt> = {},
): Attempt => ({
  id,
  postingId: 1,
  number: id,
  kind,
  startedAt,
  finishedAt: startedAt + 100,
  request: 'POST https://ehr.example/Basic\n\n{}',
  httpStatus: 404,
  outcome: 'failed',
  errorCode: 'not_found',
  response: '{}',
  durationMs: 100,
  ...extra,
});

const audit = (action: string, at: number, actor = 'dana'): AuditEvent => ({
  id: at,
  at,
  actor,
  action,
  subjectType: 'posting',
  subjectId: '1',
  details: {},
});

// Post, then a lookup (after a doubtful answer), then a second post: three listed, two counted.
const attempts = [
  attempt(1, 'post', 1_000),
  attempt(2, 'lookup', 2_000, { httpStatus: 200, outcome: 'retry', errorCode: 'absent' }),
  attempt(3, 'post', 3_000),
];
const detail = {
  event: { processorTxnId: '7001' },
  posting: { ehr: 'oracle_health', status: 'failure' },
  attempts,
} as unknown as PostingDetail;

describe('the timeline and lineage of an item', () => {
  it('lists a lookup as a lookup, not as "Attempt 2: will retry — HTTP 200 (absent)"', () => {
    expect(attemptTitle(attempts[1]!, null, 'Oracle Health')).toBe(
      'Lookup in Oracle Health: Oracle Health does not have it',
    );
    expect(attemptTitle(attempts[2]!, 2, 'Oracle Health')).toBe('Attempt 2: refused');
  });

  it('counts the attempts it lists', () => {
    expect(attemptSummary(attempts)).toBe('2 (and 1 lookup)');
    expect(attemptSummary([attempts[0]!])).toBe('1');
  });

  it('puts the lineage in the order things happened, ending where the item stands', () => {
    const history = [audit('posting.retry_now', 2_500), audit('posting.created', 500, 'engine')];
    expect(lineageOf(detail, history)).toEqual([
      'Payment 7001',
      'Received and queued for posting',
      'Attempt 1: refused',
      'Lookup in Oracle Health: Oracle Health does not have it',
      'Sent again by dana',
      'Attempt 2: refused',
      'Now: Failure',
    ]);
  });

  it('reads audit actions in words', () => {
    expect(describeAudit(audit('quarantine.released', 1)).title).toBe('Released from quarantine by dana');
    expect(describeAudit(audit('posting.created', 1, 'engine')).title).toBe(
      'Received and queued for posting',
    );
  });
});
