-- Schema 30: month close, the rest (#24). A closed period can be reopened: one supervisor asks with a reason, a
-- second approves (maker-checker again), and the period is open until it is prepared and approved anew; the
-- package written at the earlier close is then marked superseded by the new one. A late event held for a closed
-- month can be released into the open month: from its release it counts in the balance of the day it was
-- released, never in the closed figures.

-- close_periods gains the state 'reopened' and a revision (1 at the first close, +1 at each reopening). SQLite
-- cannot change a CHECK in place, and a migration runs inside a transaction, where foreign keys cannot be turned
-- off: so late_events, the one table referring to close_periods, is rebuilt with it. Both new tables are filled,
-- the old ones dropped (late_events first, so nothing refers to close_periods when it goes), and the new ones
-- renamed; renaming close_periods_new rewrites late_events_new's reference to it.
CREATE TABLE close_periods_new (
  id              INTEGER PRIMARY KEY,
  scope           TEXT    NOT NULL CHECK (length(scope) >= 1),
  month           TEXT    NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  time_zone       TEXT    NOT NULL,
  start_at        INTEGER NOT NULL,
  end_at          INTEGER NOT NULL CHECK (end_at > start_at),
  state           TEXT    NOT NULL CHECK (state IN ('prepared', 'approved', 'reopened')),
  prepared_by     TEXT    NOT NULL,
  prepared_at     INTEGER NOT NULL,
  balance         TEXT    NOT NULL,
  approved_by     TEXT,
  approved_at     INTEGER,
  package_dir     TEXT,
  manifest_sha256 TEXT,
  revision        INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  UNIQUE (scope, month),
  CHECK (approved_by IS NULL OR approved_by <> prepared_by),
  CHECK ((state = 'approved') = (approved_by IS NOT NULL))
) STRICT;
INSERT INTO close_periods_new (id, scope, month, time_zone, start_at, end_at, state, prepared_by, prepared_at,
  balance, approved_by, approved_at, package_dir, manifest_sha256)
SELECT id, scope, month, time_zone, start_at, end_at, state, prepared_by, prepared_at, balance, approved_by,
  approved_at, package_dir, manifest_sha256 FROM close_periods;

-- Released late events: counted in the open month from released_at (epoch ms) on.
CREATE TABLE late_events_new (
  event_id    INTEGER PRIMARY KEY REFERENCES payment_events (id),
  period_id   INTEGER NOT NULL REFERENCES close_periods_new (id),
  flagged_at  INTEGER NOT NULL,
  released_at INTEGER,
  released_by TEXT,
  CHECK ((released_at IS NULL) = (released_by IS NULL))
) STRICT;
INSERT INTO late_events_new (event_id, period_id, flagged_at) SELECT event_id, period_id, flagged_at FROM late_events;

DROP TABLE late_events;
DROP TABLE close_periods;
ALTER TABLE close_periods_new RENAME TO close_periods;
ALTER TABLE late_events_new RENAME TO late_events;
CREATE INDEX close_periods_window ON close_periods (start_at, end_at) WHERE state = 'approved';
CREATE INDEX late_events_period ON late_events (period_id);
CREATE INDEX late_events_released ON late_events (released_at) WHERE released_at IS NOT NULL;

-- A reopening: asked by one supervisor with a reason, approved by another. It keeps the package it reopened;
-- when the period is closed again, that package is marked superseded by the new one.
CREATE TABLE close_reopenings (
  id                   INTEGER PRIMARY KEY,
  period_id            INTEGER NOT NULL REFERENCES close_periods (id),
  reason               TEXT    NOT NULL CHECK (length(trim(reason)) >= 1 AND length(reason) <= 2000),
  requested_by         TEXT    NOT NULL,
  requested_at         INTEGER NOT NULL,
  approved_by          TEXT,
  approved_at          INTEGER,
  -- The package of the close this reopening undid, and the one that superseded it.
  package_dir          TEXT,
  manifest_sha256      TEXT,
  superseded_by_dir    TEXT,
  superseded_by_sha256 TEXT,
  superseded_at        INTEGER,
  CHECK (approved_by IS NULL OR approved_by <> requested_by),
  CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
  CHECK (superseded_at IS NULL OR approved_at IS NOT NULL)
) STRICT;
-- One open request per period.
CREATE UNIQUE INDEX close_reopenings_open ON close_reopenings (period_id) WHERE approved_at IS NULL;
CREATE INDEX close_reopenings_period ON close_reopenings (period_id, id);
