/**
 * The dashboard's folded totals (migration 0013): posted postings by 15-minute bucket and currency, and the
 * postings in a final status by EHR, channel and status. The dashboard reads the folded tables plus the few
 * postings not folded yet; when enough has gathered it folds them in, so a refresh reads the same few rows
 * whatever the history holds, and the engine's writes carry no trigger (see 0013 for why, and what makes the
 * fold exact).
 */
import type { Database } from 'better-sqlite3';
import {
  POSTING_STATUSES,
  STATUS_INFO,
  type Channel,
  type EhrSystem,
  type PostingStatus,
} from '../../../shared/domain';

/** A quarter hour: every time zone's offset is a whole number of them, so local midnights fall on a boundary. */
export const BUCKET_MS = 900_000;
/**
 * How far behind the clock the fold stays. The engine takes resolved_at when the EHR answers and writes it at
 * the next group commit, so a posting can land slightly in the past; two minutes is far more than that takes.
 */
export const SEAL_MARGIN_MS = 120_000;
/**
 * Fold when this much posted time, or this many new postings, wait: a refresh then reads at most a few
 * minutes of postings live (about 1,500 at 300,000 a day) and writes to the database about every 5 minutes.
 */
const FOLD_AFTER_MS = 300_000;
const FOLD_AFTER_ROWS = 5_000;
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

/** Must match the partial index postings_posted_at word for word, or SQLite will not use it. */
export const POSTED = `p.status IN ('success', 'manually_posted')`;
export const POSTED_AT = 'coalesce(p.resolved_at, p.updated_at)';
/** OR-ed equalities, not a constant IN list (see migration 0012). */
const FINAL = `(${POSTING_STATUSES.filter((s) => STATUS_INFO[s].final)
  .map((s) => `p.status = '${s}'`)
  .join(' OR ')})`;

export interface FoldGroup {
  /** The posted time's bucket; null for a final status that is not a posting (will_not_be_sent, declined). */
  readonly bucket: number | null;
  readonly ehr: EhrSystem;
  readonly channel: Channel;
  readonly status: PostingStatus;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
}

export interface BucketTotal {
  readonly bucket: number;
  readonly currency: string;
  readonly count: number;
  readonly amountMinor: number;
}

export interface FinalCount {
  readonly ehr: EhrSystem;
  readonly channel: Channel;
  readonly status: PostingStatus;
  readonly count: number;
}

/** What the dashboard needs of the final postings, folded and not: counts, and posted totals per bucket. */
export interface RollupView {
  readonly finalCounts: readonly FinalCount[];
  /** Posted totals in the buckets asked for, one entry per bucket and currency (possibly several: add up). */
  readonly buckets: readonly BucketTotal[];
}

interface FoldState {
  readonly sealedBefore: number;
  readonly maxPostingId: number;
  readonly rewoundTo: number | null;
}

export function dashboardRollup(db: Database) {
  const state = db.prepare<[], FoldState>(
    `SELECT sealed_before AS sealedBefore, max_posting_id AS maxPostingId, rewound_to AS rewoundTo
     FROM dashboard_fold WHERE id = 1`,
  );
  const maxId = db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM postings');
  // Posted in [from, to) with an id up to `idTo`: a walk of the posted-time index from `from`. Named, because
  // with no statistics (installations are never ANALYZEd) SQLite prefers postings_status_id's
  // status = 'success', which walks every Success posting ever stored.
  const postedBetween = db.prepare<[number, number, number], FoldGroup>(
    `SELECT ${POSTED_AT} / ${String(BUCKET_MS)} AS bucket, p.ehr, p.channel, p.status, e.currency,
       count(*) AS count, sum(e.amount_minor) AS amountMinor
     FROM postings p INDEXED BY postings_posted_at JOIN payment_events e ON e.id = p.event_id
     WHERE ${POSTED} AND ${POSTED_AT} >= ? AND ${POSTED_AT} < ? AND p.id <= ?
     GROUP BY 1, 2, 3, 4, 5`,
  );
  // Postings created in (after, upTo] that are final, except posted ones the time line above takes: a walk of
  // the new ids. Catches will_not_be_sent and declined, and a posting stored already posted with an older time.
  const newFinal = db.prepare<[number, number, number], FoldGroup>(
    `SELECT CASE WHEN ${POSTED} THEN ${POSTED_AT} / ${String(BUCKET_MS)} END AS bucket, p.ehr, p.channel,
       p.status, e.currency, count(*) AS count, sum(e.amount_minor) AS amountMinor
     FROM postings p JOIN payment_events e ON e.id = p.event_id
     WHERE p.id > ? AND p.id <= ? AND ${FINAL} AND NOT (${POSTED} AND ${POSTED_AT} >= ?)
     GROUP BY 1, 2, 3, 4, 5`,
  );
  const addBucket = db.prepare<[number, string, number, number]>(
    `INSERT INTO dashboard_posted_buckets (bucket, currency, count, amount_minor) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count, amount_minor = amount_minor + excluded.amount_minor`,
  );
  const addKey = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO dashboard_posted_keys (bucket, ehr, channel, status, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  );
  const addCount = db.prepare<[string, string, string, number]>(
    `INSERT INTO dashboard_final_counts (ehr, channel, status, count) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  );
  const keysFrom = db.prepare<[number], FinalCount>(
    `SELECT ehr, channel, status, sum(count) AS count FROM dashboard_posted_keys WHERE bucket >= ?
     GROUP BY ehr, channel, status`,
  );
  const dropBuckets = db.prepare<[number]>('DELETE FROM dashboard_posted_buckets WHERE bucket >= ?');
  const dropKeys = db.prepare<[number]>('DELETE FROM dashboard_posted_keys WHERE bucket >= ?');
  const advance = db.prepare<[number, number, number | null]>(
    'UPDATE dashboard_fold SET sealed_before = ?, max_posting_id = ?, rewound_to = ? WHERE id = 1',
  );
  const foldedCounts = db.prepare<[], FinalCount>(
    'SELECT ehr, channel, status, count FROM dashboard_final_counts',
  );
  const foldedBuckets = db.prepare<[number, number], BucketTotal>(
    `SELECT bucket, currency, count, amount_minor AS amountMinor FROM dashboard_posted_buckets
     WHERE bucket >= ? AND bucket < ?`,
  );

  const add = (groups: readonly FoldGroup[]) => {
    for (const g of groups) {
      if (g.bucket !== null) {
        addBucket.run(g.bucket, g.currency, g.count, g.amountMinor);
        addKey.run(g.bucket, g.ehr, g.channel, g.status, g.count);
      }
      addCount.run(g.ehr, g.channel, g.status, g.count);
    }
  };
  const unfolded = (s: FoldState, sealTo: number, idTo: number): FoldGroup[] => [
    ...postedBetween.all(s.sealedBefore, sealTo, idTo),
    ...newFinal.all(s.maxPostingId, idTo, s.sealedBefore),
  ];

  const fold = db.transaction((s: FoldState, sealTo: number, idTo: number) => {
    add(unfolded(s, sealTo, idTo));
    advance.run(sealTo, idTo, s.rewoundTo);
  });

  // The clock has gone back behind the fold's line (a corrected system clock, a restored machine): postings
  // posted since carry times the line has passed, and nothing tells them from the folded ones. So the buckets
  // from the earliest such time up to the line are counted again from the postings (all of them with a folded
  // id, old and new alike: exactly what the fold holds for those buckets once it is right), the final counts
  // corrected by the keys those buckets had put in. Repeated at every look until the clock is past the line
  // again plus the margin, after which nothing can be posted behind it; each costs the postings of the stretch
  // the clock went back by.
  const recount = db.transaction((s: FoldState, from: number, stillBehind: boolean) => {
    const bucket = Math.floor(from / BUCKET_MS);
    for (const k of keysFrom.all(bucket)) addCount.run(k.ehr, k.channel, k.status, -k.count);
    dropBuckets.run(bucket);
    dropKeys.run(bucket);
    add(postedBetween.all(bucket * BUCKET_MS, s.sealedBefore, s.maxPostingId));
    advance.run(s.sealedBefore, s.maxPostingId, stillBehind ? from : null);
  });

  const current = (): FoldState => {
    const s = state.get();
    if (!s) throw new Error('dashboard_fold has no row: migration 0013 did not run');
    return s;
  };

  return {
    /**
     * Folds what has gathered if it is enough, then reads the final counts and the posted totals of the
     * buckets in [fromBucket, toBucket), folded and not. `now` is the clock the engine stamps postings with.
     */
    view(now: number, fromBucket: number, toBucket: number): RollupView {
      let s = current();
      const line = now - SEAL_MARGIN_MS;
      if (line < s.sealedBefore || s.rewoundTo !== null) {
        recount(s, Math.min(line, s.rewoundTo ?? line), line < s.sealedBefore);
        s = current();
      }
      const sealTo = Math.max(s.sealedBefore, line);
      const idTo = maxId.get()?.n ?? 0;
      if (sealTo - s.sealedBefore >= FOLD_AFTER_MS || idTo - s.maxPostingId >= FOLD_AFTER_ROWS) {
        fold(s, sealTo, idTo);
        s = current();
      }
      const live = unfolded(s, END_OF_TIME, END_OF_TIME);
      const finalCounts: FinalCount[] = [...foldedCounts.all(), ...live];
      const buckets: BucketTotal[] = [...foldedBuckets.all(fromBucket, toBucket)];
      for (const g of live) {
        if (g.bucket !== null && g.bucket >= fromBucket && g.bucket < toBucket)
          buckets.push({ ...g, bucket: g.bucket });
      }
      return { finalCounts, buckets };
    },
  };
}
export type DashboardRollup = ReturnType<typeof dashboardRollup>;
