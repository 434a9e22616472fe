-- Schema 5: what the operator console needs on top of the engine's tables.

-- Saved views of the exception queue (filters and sort), shared by everyone on this installation.
CREATE TABLE saved_views (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
  query       TEXT    NOT NULL CHECK (json_valid(query)),
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- The dashboard's posted totals and daily series: posted items by the time they were posted, without a
-- scan of every posting (rows written before resolved_at existed fall back to updated_at).
CREATE INDEX postings_posted_at ON postings (coalesce(resolved_at, updated_at))
  WHERE status IN ('success', 'manually_posted');

-- The dashboard's daily failures: failed attempts by the time they finished.
CREATE INDEX attempts_failed_at ON attempts (finished_at) WHERE outcome IN ('failed', 'not_applicable');

-- The queue sorted by window expiry (soonest first) within a status.
CREATE INDEX postings_status_expiry ON postings (status, window_expires_at, id);

-- The dashboard's counts by EHR, channel and status, read from this index alone rather than every row.
CREATE INDEX postings_ehr_channel_status ON postings (ehr, channel, status);
