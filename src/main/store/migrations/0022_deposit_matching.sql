-- Schema 22: deposits matched to funding batches (#24). A match ties one or more deposits to one or more
-- batches whose amounts agree (one-to-one, many deposits for one batch, one deposit for many batches); a
-- deposit or a batch is in at most one match. What stays unmatched is an exception with an owner.
CREATE TABLE cash_matches (
  id               INTEGER PRIMARY KEY,
  shape            TEXT    NOT NULL CHECK (shape IN ('one_to_one', 'many_deposits', 'many_batches', 'manual')),
  matched_by       TEXT    NOT NULL,
  matched_at       INTEGER NOT NULL,
  -- Deposits minus batches: zero for automatic matches; a manual match may accept a known difference.
  difference_minor INTEGER NOT NULL DEFAULT 0,
  note             TEXT
) STRICT;

CREATE TABLE cash_match_deposits (
  match_id   INTEGER NOT NULL REFERENCES cash_matches (id),
  deposit_id INTEGER NOT NULL UNIQUE REFERENCES bank_deposits (id)
) STRICT;
CREATE INDEX cash_match_deposits_match ON cash_match_deposits (match_id);

CREATE TABLE cash_match_batches (
  match_id INTEGER NOT NULL REFERENCES cash_matches (id),
  batch_id INTEGER NOT NULL UNIQUE REFERENCES funding_batches (id)
) STRICT;
CREATE INDEX cash_match_batches_match ON cash_match_batches (match_id);

-- cash_exceptions: an unmatched deposit or batch, aged from its own date (booking or funding date), with an
-- owner, a note and a follow-up date. Resolved when it is matched (or by hand).
CREATE TABLE cash_exceptions (
  id            INTEGER PRIMARY KEY,
  subject_type  TEXT    NOT NULL CHECK (subject_type IN ('deposit', 'batch')),
  subject_id    INTEGER NOT NULL,
  since         TEXT    NOT NULL,
  amount_minor  INTEGER NOT NULL,
  currency      TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  owner         TEXT,
  note          TEXT,
  follow_up     TEXT,
  opened_at     INTEGER NOT NULL,
  resolved_at   INTEGER,
  UNIQUE (subject_type, subject_id)
) STRICT;
CREATE INDEX cash_exceptions_open ON cash_exceptions (resolved_at, since);
