-- Schema 13: the dashboard's totals folded into small tables, so a refresh costs the same at 100M postings of
-- history as at a thousand (issue #9, bench/dashboard.bench.ts; src/main/store/repositories/dashboard-rollup.ts
-- keeps them up to date).
--
-- No trigger maintains these tables. Any UPDATE trigger on postings, even one whose WHEN is never true, makes
-- every status change open a statement journal (SQLite needs one for a multi-row-write statement that may
-- abort): measured at +20 µs on a 10-12 µs status UPDATE, three status changes per payment. Instead the
-- dashboard folds in what is new when it is read. That is exact because of what it folds:
-- * posted postings (success, manually_posted) by the time they were posted, coalesce(resolved_at,
--   updated_at). Every path that posts one sets resolved_at to the time of that write (the engine's settle,
--   the operator's "manually posted", the Epic daily file), and nothing moves a posting out of those statuses,
--   so once that time is safely past, what was posted before it never changes (a clock set back behind it is
--   noticed and the stretch counted again: see dashboard-rollup.ts);
-- * counts of the other final statuses (will_not_be_sent, declined), which a posting only ever gets when it is
--   created (routing), so new posting ids are all there is to look at.
-- Postings in the statuses that move (pending, in_flight and the open exceptions) are not folded: they are
-- counted live from the (ehr, channel, status) index, at a cost that follows the open work, not the history.

-- Posted postings by 15-minute bucket (posted time / 900000) and currency: every time zone's offset is a whole
-- number of quarter hours, so any local midnight is a bucket boundary and a day is a sum of whole buckets.
CREATE TABLE dashboard_posted_buckets (
  bucket       INTEGER NOT NULL,
  currency     TEXT    NOT NULL,
  count        INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (bucket, currency)
) STRICT, WITHOUT ROWID;

-- Which final counts each bucket's posted postings went into, so a stretch of buckets can be counted again
-- (dashboard-rollup.ts does when the clock is set back behind the fold).
CREATE TABLE dashboard_posted_keys (
  bucket  INTEGER NOT NULL,
  ehr     TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  status  TEXT    NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (bucket, ehr, channel, status)
) STRICT, WITHOUT ROWID;

-- Folded postings in a final status, by EHR, channel and status.
CREATE TABLE dashboard_final_counts (
  ehr     TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  status  TEXT    NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (ehr, channel, status)
) STRICT, WITHOUT ROWID;

-- How far the fold has gone: final postings with an id up to max_posting_id, except posted ones whose posted
-- time is at or after sealed_before (they wait for the time line). rewound_to is set while the clock is behind
-- sealed_before: from there on, buckets are counted again at each look.
CREATE TABLE dashboard_fold (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  sealed_before  INTEGER NOT NULL,
  max_posting_id INTEGER NOT NULL,
  rewound_to     INTEGER
) STRICT;

-- The fold starts at the newest posted time already stored (0 on a new installation), so the backfill below
-- takes every posting there is and nothing posted from now on can fall behind it. Postings posted at exactly
-- that time stay on the live side of the line.
INSERT INTO dashboard_fold (id, sealed_before, max_posting_id)
VALUES (
  1,
  coalesce(
    (SELECT max(coalesce(resolved_at, updated_at)) FROM postings WHERE status IN ('success', 'manually_posted')),
    0),
  coalesce((SELECT max(id) FROM postings), 0)
);

-- Backfill: one set-based statement per table, each a single pass over the postings.
INSERT INTO dashboard_posted_buckets (bucket, currency, count, amount_minor)
SELECT coalesce(p.resolved_at, p.updated_at) / 900000, e.currency, count(*), sum(e.amount_minor)
FROM postings p JOIN payment_events e ON e.id = p.event_id
WHERE p.status IN ('success', 'manually_posted')
  AND coalesce(p.resolved_at, p.updated_at) < (SELECT sealed_before FROM dashboard_fold)
GROUP BY 1, 2;

INSERT INTO dashboard_posted_keys (bucket, ehr, channel, status, count)
SELECT coalesce(resolved_at, updated_at) / 900000, ehr, channel, status, count(*)
FROM postings
WHERE status IN ('success', 'manually_posted')
  AND coalesce(resolved_at, updated_at) < (SELECT sealed_before FROM dashboard_fold)
GROUP BY 1, 2, 3, 4;

INSERT INTO dashboard_final_counts (ehr, channel, status, count)
SELECT ehr, channel, status, count(*)
FROM postings
WHERE (status = 'will_not_be_sent' OR status = 'declined')
  OR ((status = 'success' OR status = 'manually_posted')
    AND coalesce(resolved_at, updated_at) < (SELECT sealed_before FROM dashboard_fold))
GROUP BY ehr, channel, status;
