/**
 * The invariant behind "every payment accounted for" (issue #18): whatever its route, kind, tender and the
 * EHR's answer, each posting ends in a final status, has its next attempt scheduled, is in a daily file, or
 * waits in the operator's queue with a reason. Never `pending` with nothing to move it (the file-only bug).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING } from '../../../src/main/engine/routing';
import type { FaultInput } from '../../../src/main/sandbox';
import { EVENT_KINDS, TENDERS, type PostingStatus } from '../../../src/shared/domain';
import { useTempDirs } from '../../helpers/temp-dir';
import { harness, HOUR, type Harness } from '../engine/harness';

const tempDir = useTempDirs();
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const FILE_ONLY = 'SOARIAN';
const OUTCOMES: readonly (FaultInput | null)[] = [
  null,
  { kind: 'server_error', status: 503 },
  { kind: 'forbidden' },
  { kind: 'closed_encounter' },
  { kind: 'timeout' },
];
const FINAL: readonly PostingStatus[] = ['success', 'will_not_be_sent', 'manually_posted', 'declined'];
const OPERATOR_QUEUE: readonly PostingStatus[] = [
  'failure',
  'needs_verification',
  'not_applicable',
  'quarantined',
];

interface Row {
  id: number;
  channel: string;
  status: PostingStatus;
  nextAttemptAt: number | null;
  windowExpiresAt: number | null;
  reason: string | null;
  inFile: number;
  facility: string;
  kind: string;
  tender: string;
}

describe.each(['oracle_health', 'epic'] as const)('every posting is accounted for (%s)', (ehr) => {
  it('route × kind × tender × outcome: final, scheduled, in a file, or in the queue with a reason', async () => {
    h = await harness({
      ehr,
      dataDir: tempDir(),
      responseTimeoutMs: 300,
      routing: { ...DEFAULT_ROUTING, fileOnlyFacilities: [FILE_ONLY], postingFileFormats: {} },
    });
    const harnessed = h;
    const start = harnessed.clock.now();
    let made = 0;
    for (const outcome of OUTCOMES) {
      harnessed.sim.faults.configure({ rates: outcome ? [{ fault: outcome, rate: 1 }] : [] });
      for (const kind of EVENT_KINDS) {
        for (const tender of TENDERS) {
          for (const facility of [null, FILE_ONLY]) {
            for (const source of ['webhook', 'manual'] as const) {
              for (const declined of [false, true]) {
                harnessed.pay({
                  kind,
                  tender,
                  source,
                  ...(facility ? { facility } : {}),
                  processorStatus: declined ? 'DECLINED' : null,
                  checkNumber: tender === 'manual_check' ? '10442' : null,
                  extras: { checkDate: '2026-11-20', cashTenderedMinor: 1_000_000 },
                  transactionAt: start,
                });
                made += 1;
              }
            }
          }
        }
      }
      await harnessed.runUntil(harnessed.clock.now() + HOUR);
    }
    harnessed.sim.faults.clear();

    // The day is over in Chicago: its daily files are written (the posting file, Epic's void file).
    harnessed.clock.set(Date.UTC(2026, 10, 24, 7));
    const { service, outDir } = harnessed.app.reports;
    const requester = { trigger: 'cli', actor: 'test' } as const;
    const postingFiles = await service.exportPostingFiles({ date: '2026-11-23', outDir }, requester);
    const epicFiles =
      ehr === 'epic' ? await service.exportEpicVoids({ date: '2026-11-23', outDir }, requester) : [];

    const rows = harnessed.app.store.db
      .prepare<[], Row>(
        `SELECT p.id, p.channel, p.status, p.next_attempt_at AS nextAttemptAt,
           p.window_expires_at AS windowExpiresAt, p.reason, e.facility, e.kind, e.tender,
           EXISTS (SELECT 1 FROM epic_file_items c WHERE c.posting_id = p.id) AS inFile
         FROM postings p JOIN payment_events e ON e.id = p.event_id`,
      )
      .all();
    expect(rows).toHaveLength(made);
    const unaccounted = rows.filter((r) => {
      if (FINAL.includes(r.status)) return false;
      if (r.inFile === 1) return false;
      if ((r.status === 'retry' || r.status === 'pending') && r.channel === 'api' && r.nextAttemptAt !== null)
        return false;
      // In the operator's queue with a reason (Not Applicable acts by itself when its window ends).
      return !(OPERATOR_QUEUE.includes(r.status) && r.reason !== null);
    });
    expect(unaccounted).toEqual([]);

    // Nothing routed to a daily file is left out of one; each is in exactly one file.
    expect(rows.filter((r) => r.channel === 'daily_file' && r.inFile !== 1)).toEqual([]);
    const filed = [...postingFiles, ...epicFiles].reduce((n, f) => n + f.rows, 0);
    expect(filed).toBe(rows.filter((r) => r.inFile === 1).length);
    // Every file-only posting that moved money went in its facility's posting file.
    const fileOnlyMoney = rows.filter((r) => r.facility === FILE_ONLY && r.channel === 'daily_file').length;
    expect(postingFiles.find((f) => f.facility === FILE_ONLY)?.rows).toBe(fileOnlyMoney);
    expect(fileOnlyMoney).toBeGreaterThan(0);
  }, 240_000);
});
