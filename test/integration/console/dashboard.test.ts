/**
 * The dashboard's figures come from folded totals (migration 0013) plus what is not folded yet. Whatever the
 * engine, the operators, the daily file and intake do, and whenever the dashboard happens to look (and fold),
 * every figure must equal a brute-force recomputation over the rows, for any time zone's days.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import type { ClearpostApp } from '../../../src/main/app';
import { epicFileItemsRepository } from '../../../src/main/store/repositories/epic-file-items';
import { postingWorkRepository, type Settlement } from '../../../src/main/store/repositories/posting-work';
import type { CommandArgs, CommandName } from '../../../src/shared/contract';
import type { EhrSystem, PostingStatus } from '../../../src/shared/domain';
import { dispatchOk, fakeClock, testApp } from '../../helpers/app';
import { bruteSummary } from '../../helpers/dashboard-brute';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const operator: Caller = { actor: 'pat.billing', transport: 'test' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const call = <N extends CommandName>(app: ClearpostApp, name: N, args: CommandArgs<N>) =>
  dispatchOk(app, name, args, operator);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * Local midnights of the `days` days ending with the one holding `now`, for a zone `offsetAt(t)` ms ahead of
 * UTC at instant t (so a DST change makes one day 23 or 25 hours long).
 */
function midnights(now: number, days: number, offsetAt: (t: number) => number): number[] {
  const local = now + offsetAt(now);
  const todayLocal = local - (((local % DAY) + DAY) % DAY);
  return Array.from({ length: days }, (_, i) => {
    const dayLocal = todayLocal - (days - 1 - i) * DAY;
    return dayLocal - offsetAt(dayLocal - offsetAt(dayLocal));
  });
}

/** New York: EDT (UTC-4) until 2026-11-01 06:00 UTC, EST (UTC-5) after. */
const newYork = (t: number) => (t < Date.UTC(2026, 10, 1, 6) ? -4 : -5) * HOUR;
const kolkata = () => 5.5 * HOUR;
const utc = () => 0;

/** Day sets the console could send, and one that no console would (days starting 7 minutes past the hour). */
function daySets(now: number): number[][] {
  return [
    midnights(now, 14, newYork),
    midnights(now, 31, kolkata),
    midnights(now, 1, utc),
    midnights(now, 7, utc).map((t) => t + 7 * MINUTE),
  ];
}

async function expectBrute(app: ClearpostApp, now: number, when: string) {
  for (const dayStarts of daySets(now)) {
    const summary = await call(app, 'dashboard.summary', { dayStarts });
    expect(summary, when).toEqual(bruteSummary(app.store.db, dayStarts));
  }
}

const statusOf = (db: Database, id: number) =>
  (db.prepare('SELECT status FROM postings WHERE id = ?').get(id) as { status: PostingStatus }).status;

function settlement(status: PostingStatus, now: number, extra: Partial<Settlement> = {}): Settlement {
  const posted = status === 'success';
  return {
    status,
    nextAttemptAt: status === 'retry' ? now + 10 * MINUTE : null,
    windowExpiresAt: status === 'retry' ? now + DAY : null,
    verifyFirst: false,
    ehrReference: posted ? `EHR-${String(now)}` : null,
    reasonCode: null,
    reason: null,
    nextStep: null,
    resolvedAt: posted ? now : null,
    ...extra,
  };
}

describe('the dashboard against a brute-force recount', () => {
  it('matches after days of admissions, posts, retries, failures, operator actions, manual payments and the daily file', async () => {
    // Starts on 2026-10-30 in the evening, so the run crosses New York's DST change and several midnights.
    const clock = fakeClock(Date.UTC(2026, 9, 30, 21, 0));
    const app = await testApp(tempDir(), clock);
    await app.engine.stop();
    const db = app.store.db;
    const work = postingWorkRepository(db);
    const epicFile = epicFileItemsRepository(db, app.repos.audit);
    const next = random(9);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    let txn = 0;

    const admit = (
      status: PostingStatus,
      ehr: EhrSystem,
      channel: 'api' | 'daily_file' | 'manual' = 'api',
      kind: 'one_time_payment' | 'void' = 'one_time_payment',
    ) => {
      txn += 1;
      const now = clock.now();
      const { id: eventId } = app.repos.events.insert(
        {
          source: 'sandbox',
          processorTxnId: `DASH${String(txn)}`,
          kind,
          tender: 'card',
          amountMinor: 100 + Math.floor(next() * 90_000),
          currency: next() < 0.8 ? 'USD' : 'CAD',
          ehr,
          facility: 'MAIN',
          transactionAt: now,
        },
        now,
      );
      return app.repos.postings.create(
        {
          eventId,
          ehr,
          connectionId: 'c1',
          channel,
          status,
          nextAttemptAt: status === 'pending' && channel === 'api' ? now : null,
        },
        now,
      );
    };

    for (let step = 0; step < 700; step += 1) {
      clock.advance(Math.floor(next() * 20 * MINUTE));
      const now = clock.now();
      const roll = next();
      if (roll < 0.3) {
        admit('pending', pick(['epic', 'oracle_health'] as const));
      } else if (roll < 0.55) {
        // The engine's own statements: claim under a lease, record the attempt, settle.
        for (const item of work.claimDue('c1', now, 3, 'engine', now + MINUTE)) {
          const outcome = pick([
            'success',
            'success',
            'success',
            'retry',
            'failure',
            'not_applicable',
          ] as const);
          const attempt = work.beginAttempt(item.id, 'post', '{}', now);
          work.finishAttempt(attempt, {
            finishedAt: now,
            httpStatus: outcome === 'success' ? 201 : 500,
            outcome:
              outcome === 'success'
                ? 'posted'
                : outcome === 'retry'
                  ? 'retry'
                  : outcome === 'failure'
                    ? 'failed'
                    : 'not_applicable',
            errorCode: null,
            response: null,
            durationMs: 5,
          });
          work.settle(item.id, settlement(outcome, now), now);
        }
      } else if (roll < 0.6) {
        const open = db
          .prepare(
            "SELECT id FROM postings WHERE status IN ('failure', 'not_applicable') ORDER BY id LIMIT 3",
          )
          .all() as { id: number }[];
        const target = open.at(Math.floor(next() * open.length));
        if (target) {
          if (next() < 0.5) {
            await call(app, 'postings.markManual', {
              id: target.id,
              ehrReference: 'EPIC-1',
              note: 'Posted by hand',
            });
            expect(statusOf(db, target.id)).toBe('manually_posted');
          } else {
            await call(app, 'postings.retryNow', { id: target.id, confirmedNotInEhr: true });
            expect(statusOf(db, target.id)).toBe('retry');
          }
        }
      } else if (roll < 0.65) {
        const posted = db.prepare("SELECT id FROM postings WHERE status = 'success' LIMIT 1").get() as
          { id: number } | undefined;
        if (posted) await call(app, 'postings.assign', { id: posted.id, assignee: 'sam.lead' });
      } else if (roll < 0.7) {
        // Routing stores manual-workflow payments as will_not_be_sent (the engine is stopped here, so directly).
        admit('will_not_be_sent', 'oracle_health', 'manual');
      } else if (roll < 0.74) {
        admit('declined', 'oracle_health');
      } else if (roll < 0.8) {
        // Epic's daily file: pending voids are marked sent by the day's file.
        admit('pending', 'epic', 'daily_file', 'void');
        const items = epicFile.unclaimed('MAIN', now + 1);
        if (items.length > 0 && next() < 0.5)
          epicFile.claim(items, '2026-11-01', `file-${String(step)}`, 'engine', now);
      } else if (roll < 0.83) {
        // A posting stored already posted, with a time days back (an import): behind the fold's time line.
        seedPosting(app.repos, 'success', { amountMinor: 777, currency: 'USD' }, now - 3 * DAY - 11 * MINUTE);
      }
      if (step % 25 === 24) await expectBrute(app, now, `step ${String(step)}`);
    }
    await expectBrute(app, clock.now(), 'at the end');
    // The run did cover what it claims to.
    const statuses = (db.prepare('SELECT DISTINCT status FROM postings').all() as { status: string }[]).map(
      (r) => r.status,
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        'success',
        'manually_posted',
        'will_not_be_sent',
        'declined',
        'retry',
        'failure',
        'not_applicable',
      ]),
    );
    expect(clock.now() - Date.UTC(2026, 9, 30, 21, 0)).toBeGreaterThan(4 * DAY);
    // ...and most of it was read from the folded tables, not live.
    const fold = db.prepare('SELECT sealed_before AS sealed FROM dashboard_fold').get() as { sealed: number };
    expect(fold.sealed).toBeGreaterThan(clock.now() - HOUR);
    const folded = db.prepare('SELECT sum(count) AS n FROM dashboard_posted_buckets').get() as { n: number };
    expect(folded.n).toBeGreaterThan(100);
    await app.close();
  });

  it('counts a posting whose posted time was stamped before the dashboard last looked (within the margin)', async () => {
    // The engine stamps resolved_at when the EHR answers and writes it at the next group commit: a dashboard
    // read (and fold) can fall in between. Around midnight, read after every change.
    const clock = fakeClock(Date.UTC(2026, 10, 23, 23, 40));
    const app = await testApp(tempDir(), clock);
    await app.engine.stop();
    const work = postingWorkRepository(app.store.db);
    for (let i = 0; i < 40; i += 1) {
      const { postingId } = seedPosting(app.repos, 'pending', { ehr: 'epic' }, clock.now());
      app.store.db
        .prepare('UPDATE postings SET next_attempt_at = ? WHERE id = ?')
        .run(clock.now(), postingId);
      const claimed = work.claimDue('epic-sandbox', clock.now(), 5, 'engine', clock.now() + MINUTE);
      const answeredAt = clock.now();
      clock.advance(45_000);
      await expectBrute(app, clock.now(), `before settling ${String(i)}`);
      for (const item of claimed) work.settle(item.id, settlement('success', answeredAt), clock.now());
      await expectBrute(app, clock.now(), `after settling ${String(i)}`);
    }
    const fold = app.store.db.prepare('SELECT sealed_before AS sealed FROM dashboard_fold').get() as {
      sealed: number;
    };
    expect(fold.sealed).toBeGreaterThan(Date.UTC(2026, 10, 23, 23, 50));
    await app.close();
  });

  it('keeps counting when the clock is set back behind what the dashboard already folded', async () => {
    const clock = fakeClock(Date.UTC(2026, 10, 23, 10));
    const app = await testApp(tempDir(), clock);
    await app.engine.stop();
    const db = app.store.db;
    const work = postingWorkRepository(db);
    const admit = (connection: string) => {
      const { postingId } = seedPosting(app.repos, 'pending', { ehr: 'epic' }, clock.now());
      // Due since the day before, so they are still due once the clock has gone back.
      db.prepare('UPDATE postings SET connection_id = ?, next_attempt_at = ? WHERE id = ?').run(
        connection,
        clock.now() - DAY,
        postingId,
      );
    };
    const post = (connection: string) => {
      for (const item of work.claimDue(connection, clock.now(), 5, 'engine', clock.now() + MINUTE)) {
        work.settle(item.id, settlement('success', clock.now()), clock.now());
      }
    };
    // Waiting on a connection that is down, while the dashboard folds everything before them away.
    for (let i = 0; i < 10; i += 1) admit('down');
    for (let i = 0; i < 5; i += 1) admit('later');
    for (let i = 0; i < 30; i += 1) {
      admit('up');
      post('up');
      clock.advance(4 * MINUTE);
      await expectBrute(app, clock.now(), `forward ${String(i)}`);
    }
    const fold = db.prepare('SELECT max_posting_id AS m FROM dashboard_fold').get() as { m: number };
    expect(fold.m).toBeGreaterThan(10);
    // Three hours back: the engine now stamps postings with times the dashboard had folded past.
    clock.advance(-3 * HOUR);
    for (let i = 0; i < 4; i += 1) {
      post('down');
      admit('up');
      post('up');
      clock.advance(MINUTE);
      await expectBrute(app, clock.now(), `after the clock went back ${String(i)}`);
    }
    // Posted still behind the line, then the clock passes it before the dashboard looks again.
    post('later');
    clock.advance(4 * HOUR);
    await expectBrute(app, clock.now(), 'once the clock is past the line again');
    const late = db
      .prepare("SELECT count(*) AS n FROM postings WHERE connection_id <> 'up' AND status = 'success'")
      .get() as { n: number };
    expect(late.n).toBe(15);
    admit('up');
    post('up');
    clock.advance(10 * MINUTE);
    await expectBrute(app, clock.now(), 'and after');
    expect(db.prepare('SELECT rewound_to AS r FROM dashboard_fold').get()).toEqual({ r: null });
    await app.close();
  });
});
